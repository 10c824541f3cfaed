import type { BondVerifySpec } from '../modules/types.ts';
import type { Connection } from '../transport/types.ts';
import { readLiveState } from './live-state.ts';
import type { VerifyResult } from './types.ts';
import { allHold, verifyBond, type BondCheck } from './verify.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function verifyOnce(conn: Connection, specs: BondVerifySpec[]): Promise<VerifyResult> {
  const started = Date.now();
  const pings = Object.fromEntries(specs.filter((s) => s.ping?.length).map((s) => [s.bond.name, s.ping!]));
  const live = await readLiveState(conn, specs.map((s) => s.bond.name), pings);
  const checks: BondCheck[] = specs.flatMap((s) => {
    const l = live[s.bond.name];
    return verifyBond({ bond: s.bond, state: l?.state, allowDegraded: s.allowDegraded, addresses: l?.addresses ?? [], ...(s.ping?.length ? { ping: s.ping, pings: l?.pings ?? {} } : {}) });
  });
  return { ok: allHold(checks), checks, durationMs: Date.now() - started };
}

/** Links take seconds to come up (e1000's watchdog): poll until it holds or the bound passes. */
export async function pollVerify(conn: Connection, specs: BondVerifySpec[], timeoutMs: number): Promise<VerifyResult> {
  const started = Date.now();
  for (;;) {
    const r = await verifyOnce(conn, specs);
    if (r.ok || Date.now() - started >= timeoutMs) return { ...r, durationMs: Date.now() - started };
    await sleep(500);
  }
}
