import type { HostStatus } from '../core/status.ts';
import { buildStatusScript } from './apply/index.ts';
import { onHostState } from './run-state.ts';
import type { Connector } from './types.ts';
import type { Host } from '../core/host.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long to wait for a still-running apply script to notice the lost session and finish. */
const SETTLE_MS = 15_000;

/**
 * The SSH session died while the apply script ran (no rollback timer armed). The script notices
 * at its next progress line and restores the backup, or it had already finished: which one is
 * read from the host over a new connection, so the report says what the host holds rather than
 * guessing. The host stays `failed` either way: the run did not complete as planned and seen.
 */
export async function lostDuringApply(host: Host, runId: string, connect: Connector, err: unknown): Promise<{ status: HostStatus; message: string }> {
  const why = `connection lost during apply (${err instanceof Error ? err.message : String(err)})`;
  let state: string | undefined;
  try {
    const conn = await connect(host);
    try {
      const deadline = Date.now() + SETTLE_MS;
      for (;;) {
        const st = await conn.exec('sh -s', { script: buildStatusScript(runId), become: true });
        state = onHostState(st.stdout);
        if (!state?.startsWith('incomplete') || Date.now() > deadline) break;
        await sleep(1000);
      }
    } finally {
      await conn.close().catch(() => {});
    }
  } catch (e) {
    return { status: 'failed', message: `${why}; the host's state is unknown (cannot reconnect: ${e instanceof Error ? e.message : String(e)}); see its run ${runId} with tsprov rollback --run ${runId} if needed` };
  }
  const meaning = state?.startsWith('failed') ? 'the apply aborted and restored the backup'
    : state?.startsWith('applied') ? 'the apply finished on the host before the session dropped; its changes are in place'
    : 'the apply had not finished on the host';
  return { status: 'failed', message: `${why}; on-host state of run ${runId}: ${state ?? 'unknown'} (${meaning})` };
}
