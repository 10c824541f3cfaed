import type { Host } from '../core/host.ts';
import { hostBackend, hostBonds } from '../inventory/bonds.ts';
import { bondReloadHandler } from '../modules/bond.ts';
import { buildListRunsScript, buildRestoreScript, parseApplyOutput } from './apply/index.ts';
import type { Connector } from './types.ts';

export interface RunEntry {
  runId: string;
  mtime: number;
  state: string;
}

export interface HostRollbackResult {
  host: string;
  status: 'rolled-back' | 'failed' | 'unreachable';
  runId?: string;
  message: string;
  runs: RunEntry[];
}

export function parseRuns(stdout: string): RunEntry[] {
  return parseApplyOutput(stdout)
    .filter((e) => e.event === 'run')
    .map((e) => ({ runId: e.fields[0] ?? '', mtime: Number(e.fields[1]), state: e.fields[2] ?? 'unknown' }))
    .sort((a, b) => a.runId.localeCompare(b.runId));
}

/**
 * `tsprov rollback`: restore one run's backups on one host (the newest run when none is named),
 * then bring the host's bonds back up from the restored files.
 */
export async function rollbackHost(host: Host, connect: Connector, runId: string | undefined): Promise<HostRollbackResult> {
  let conn;
  try {
    conn = await connect(host);
  } catch (err) {
    return { host: host.name, status: 'unreachable', message: err instanceof Error ? err.message : String(err), runs: [] };
  }
  try {
    const runs = parseRuns((await conn.exec('sh -s', { script: buildListRunsScript(), become: true })).stdout);
    const chosen = runId ?? runs.filter((r) => r.state !== 'rolled-back').at(-1)?.runId;
    if (!chosen) return { host: host.name, status: 'failed', message: 'no tsprov run to roll back on this host', runs };
    if (!runs.some((r) => r.runId === chosen)) return { host: host.name, status: 'failed', message: `no run ${chosen} on this host (runs: ${runs.map((r) => r.runId).join(', ') || 'none'})`, runs };
    const commands = bondReloadHandler.rollbackCommands?.({ bonds: hostBonds(host), backend: hostBackend(host) }) ?? [];
    const r = await conn.exec('sh -s', { script: buildRestoreScript(chosen, commands.length ? [{ name: 'reload bonds', commands }] : []), become: true });
    const events = parseApplyOutput(r.stdout);
    if (r.exitCode === 0) return { host: host.name, status: 'rolled-back', runId: chosen, message: `restored the files of run ${chosen}`, runs };
    const why = events.find((e) => ['lock-busy', 'unknown-run', 'restore-failed', 'handler-failed'].includes(e.event));
    return { host: host.name, status: 'failed', runId: chosen, message: `restore of run ${chosen} failed (exit ${r.exitCode}${why ? `: ${why.event} ${why.fields.join(' ')}` : ''})`, runs };
  } finally {
    await conn.close().catch(() => {});
  }
}
