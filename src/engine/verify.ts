import type { Bond } from '../config/bond-model.ts';
import type { Verdict } from '../core/status.ts';
import type { BondState, NicFacts } from '../facts/types.ts';
import { liveBond } from '../modules/live-bond.ts';

/** One thing verification looked at: what was declared, what the kernel says, and the verdict. */
export interface BondCheck {
  bond: string;
  /** e.g. "exists", "mode", "slaves", "slave eth1 MII", "miimon", "address 10.0.0.1/24". */
  what: string;
  expected: string;
  actual: string;
  verdict: Verdict;
}

export interface VerifyInput {
  bond: Bond;
  state: BondState | undefined;
  allowDegraded: number;
  /** Addresses on the bond as `ip -o addr` CIDRs, when known. */
  addresses?: string[];
  nics?: NicFacts[];
  /** Targets to ping over the bond, and which answered. */
  ping?: string[];
  pings?: Record<string, boolean>;
}

function check(bond: string, what: string, expected: string, actual: string, ok: boolean, soft = false): BondCheck {
  return { bond, what, expected, actual, verdict: ok ? 'ok' : soft ? 'warn' : 'fail' };
}

/**
 * Pure: the declared bond against the live kernel state. Every declared property becomes one
 * check; options the user did not declare are not judged.
 */
export function verifyBond(input: VerifyInput): BondCheck[] {
  const { bond, state } = input;
  const n = bond.name;
  // A removed bond: gone is all there is to check (its slaves went with it).
  if (bond.state === 'absent') return [check(n, 'removed', 'absent', state ? `present (${state.slaves.map((s) => s.name).join(' ') || 'no slaves'})` : 'absent', !state)];
  if (!state) return [check(n, 'exists', `/proc/net/bonding/${n}`, 'missing', false)];
  const live = liveBond(state);
  const out: BondCheck[] = [check(n, 'exists', `/proc/net/bonding/${n}`, 'present', true)];
  out.push(check(n, 'mode', bond.mode, state.mode ?? state.modeText ?? 'unknown', live.mode === bond.mode && state.mode !== undefined));
  const want = [...bond.slaves].sort();
  const have = [...live.slaves].sort();
  out.push(check(n, 'slaves', want.join(' '), have.join(' ') || '(none)', want.join(' ') === have.join(' ')));
  let down = 0;
  for (const s of bond.slaves) {
    const st = state.slaves.find((x) => x.name === s);
    const mii = st?.miiStatus ?? 'absent';
    if (mii !== 'up') down++;
    out.push(check(n, `slave ${s} MII`, 'up', mii, mii === 'up', true));
  }
  // A bond with no slave up carries nothing, however many may be degraded.
  const need = Math.max(1, bond.slaves.length - input.allowDegraded);
  const tooMany = bond.slaves.length - down < need;
  out.push(check(n, 'slaves up', `${need}+ of ${bond.slaves.length}`, `${bond.slaves.length - down} of ${bond.slaves.length}`, !tooMany));
  if (!tooMany) for (const c of out) if (c.what.endsWith(' MII') && c.verdict === 'fail') c.verdict = 'warn';
  const opts = bond.options;
  if (opts.miimon !== undefined) out.push(check(n, 'miimon', String(opts.miimon), String(state.miiPollingMs ?? 'unknown'), state.miiPollingMs === opts.miimon));
  if (opts.arp_interval !== undefined) out.push(check(n, 'arp_interval', String(opts.arp_interval), String(state.arpPollingMs ?? 'unknown'), state.arpPollingMs === opts.arp_interval));
  if (opts.xmit_hash_policy !== undefined) out.push(check(n, 'xmit_hash_policy', opts.xmit_hash_policy, live.options.xmit_hash_policy ?? 'unknown', live.options.xmit_hash_policy === opts.xmit_hash_policy));
  if (opts.lacp_rate !== undefined) out.push(check(n, 'lacp_rate', opts.lacp_rate, live.options.lacp_rate ?? 'unknown', live.options.lacp_rate === opts.lacp_rate));
  if (bond.mode === 'active-backup') {
    const active = state.currentlyActiveSlave ?? 'none';
    out.push(check(n, 'active slave', opts.primary ?? 'any slave', active, opts.primary ? active === opts.primary : active !== 'none', true));
  }
  if (bond.mode === '802.3ad') {
    const partner = state.ad?.activeAggregator?.partnerMac;
    const seen = partner !== undefined && partner !== '00:00:00:00:00:00';
    out.push(check(n, 'LACP partner', 'present', partner ?? 'none', seen));
    // Slaves that negotiated different aggregators: only the active one carries traffic.
    const aggs = state.slaves.filter((s) => bond.slaves.includes(s.name) && s.aggregatorId !== undefined).map((s) => `${s.name}:${s.aggregatorId}`);
    const ids = new Set(aggs.map((a) => a.split(':')[1]));
    if (aggs.length > 1) out.push(check(n, 'aggregator', 'one for all slaves', ids.size === 1 ? `all in ${[...ids][0]}` : aggs.join(' '), ids.size === 1));
  }
  if (bond.addressing.method === 'static' && input.addresses) {
    for (const a of bond.addressing.addresses) out.push(check(n, `address ${a}`, 'on bond', input.addresses.includes(a) ? 'on bond' : 'absent', input.addresses.includes(a)));
  }
  for (const t of input.ping ?? []) {
    const answered = input.pings?.[t] === true;
    out.push(check(n, `ping ${t}`, 'reply', answered ? 'reply' : 'no reply', answered));
  }
  return out;
}

export function allHold(checks: BondCheck[]): boolean {
  return checks.every((c) => c.verdict !== 'fail');
}
