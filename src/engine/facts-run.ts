import { hostBackend, hostBonds } from '../inventory/bonds.ts';
import type { Host } from '../core/host.ts';
import { gatherFacts } from '../facts/gather.ts';
import { splitProbeOutput } from '../facts/sections.ts';
import type { HostFacts } from '../facts/types.ts';
import { checkPreconditions } from '../modules/preconditions.ts';
import { TransportError } from '../transport/types.ts';
import type { Connector, PreconditionResult } from './types.ts';

export interface HostFactsResult {
  host: string;
  status: 'ok' | 'failed' | 'unreachable';
  message?: string;
  errorKind?: string;
  facts?: HostFacts;
  preconditions: PreconditionResult[];
  warnings: string[];
  durationMs: number;
  execCount?: number;
}

/** `tsprov facts` for one host: one connection, one exec, then the precondition verdicts. */
export async function factsForHost(host: Host, connect: Connector): Promise<HostFactsResult> {
  const started = Date.now();
  const base = { host: host.name, preconditions: [], warnings: [] };
  let conn;
  try {
    conn = await connect(host);
  } catch (err) {
    return { ...base, status: 'unreachable', message: err instanceof Error ? err.message : String(err), errorKind: err instanceof TransportError ? err.kind : 'unreachable', durationMs: Date.now() - started };
  }
  try {
    const g = await gatherFacts(conn);
    // As in runHost: without a version line the probe never ran, so these "facts" are empty.
    if (splitProbeOutput(g.raw).version === null) return { ...base, status: 'failed', message: `no facts: ${g.warnings[0] ?? 'the fact probe printed nothing'}`, warnings: g.warnings, durationMs: Date.now() - started };
    const bonds = hostBonds(host);
    const backend = hostBackend(host) ?? (g.facts.backend.detected === 'unknown' ? 'ifupdown' : g.facts.backend.detected);
    const preconditions = bonds.length ? (checkPreconditions({ facts: g.facts, bonds, backend, mayInstallPackages: true }) as PreconditionResult[]) : [];
    const failed = preconditions.some((p) => p.verdict === 'fail');
    return { host: host.name, status: failed ? 'failed' : 'ok', facts: g.facts, preconditions, warnings: g.warnings, durationMs: Date.now() - started, execCount: conn.execCount };
  } catch (err) {
    return { ...base, status: err instanceof TransportError && err.kind !== 'command-failed' ? 'unreachable' : 'failed', message: err instanceof Error ? err.message : String(err), durationMs: Date.now() - started };
  } finally {
    await conn.close().catch(() => {});
  }
}
