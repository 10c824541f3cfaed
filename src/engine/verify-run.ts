import type { Host } from '../core/host.ts';
import { hostBonds } from '../inventory/bonds.ts';
import { TransportError } from '../transport/types.ts';
import type { Connector, VerifyResult } from './types.ts';
import { verifyOnce } from './verify-poll.ts';

export interface HostVerifyResult {
  host: string;
  status: 'ok' | 'drift' | 'unreachable' | 'failed';
  message?: string;
  verify?: VerifyResult;
}

/** `tsprov verify` for one host: read the live bonds once (read-only) and judge each declared one. */
export async function verifyHost(host: Host, connect: Connector, allowDegraded = 0): Promise<HostVerifyResult> {
  let conn;
  try {
    conn = await connect(host);
  } catch (err) {
    return { host: host.name, status: 'unreachable', message: err instanceof Error ? err.message : String(err) };
  }
  try {
    const verify = await verifyOnce(conn, hostBonds(host).map((bond) => ({ bond, allowDegraded })));
    const soft = verify.checks.some((c) => c.verdict !== 'ok');
    return { host: host.name, status: soft ? 'drift' : 'ok', verify };
  } catch (err) {
    return { host: host.name, status: err instanceof TransportError && err.kind !== 'command-failed' ? 'unreachable' : 'failed', message: err instanceof Error ? err.message : String(err) };
  } finally {
    await conn.close().catch(() => {});
  }
}
