import { normaliseMode, type Bond, type BondOptions } from '../config/bond-model.ts';
import type { BondState } from '../facts/types.ts';

/** The kernel prints "layer2+3 (2)"; the config says "layer2+3". */
function word(text: string | undefined): string | undefined {
  return text?.trim().split(/\s+/)[0]?.toLowerCase();
}

/**
 * The live bond as a Bond, so planner and verifier compare like with like. Only what
 * /proc/net/bonding shows reliably is filled in; addressing is not part of it.
 */
export function liveBond(state: BondState): Bond {
  const options: BondOptions = {};
  if (state.miiPollingMs !== undefined) options.miimon = state.miiPollingMs;
  if (state.upDelayMs !== undefined) options.updelay = state.upDelayMs;
  if (state.downDelayMs !== undefined) options.downdelay = state.downDelayMs;
  if (state.arpPollingMs !== undefined) options.arp_interval = state.arpPollingMs;
  const hash = word(state.transmitHashPolicy);
  if (hash) options.xmit_hash_policy = hash as BondOptions['xmit_hash_policy'];
  const rate = word(state.ad?.lacpRate);
  if (rate === 'slow' || rate === 'fast') options.lacp_rate = rate;
  const sel = word(state.ad?.aggregatorSelection);
  if (sel === 'stable' || sel === 'bandwidth' || sel === 'count') options.ad_select = sel;
  if (state.primarySlave) options.primary = state.primarySlave.split(/\s/)[0]!;
  return {
    name: state.name,
    mode: normaliseMode(state.mode ?? '') ?? 'balance-rr',
    slaves: state.slaves.map((s) => s.name),
    options,
    addressing: { method: 'manual' },
  };
}

/**
 * Why the live bond does not match the declaration, one line per difference; empty when it does.
 * Only declared options are compared: an option the user did not write is the kernel's business.
 */
export function liveMismatches(declared: Bond, state: BondState | undefined): string[] {
  if (!state) return [`${declared.name} does not exist on the host`];
  const live = liveBond(state);
  const out: string[] = [];
  if (state.mode !== undefined && live.mode !== declared.mode) out.push(`mode is ${live.mode}, declared ${declared.mode}`);
  const want = [...declared.slaves].sort().join(' ');
  const have = [...live.slaves].sort().join(' ');
  if (want !== have) out.push(`slaves are [${have}], declared [${want}]`);
  const cmp: Array<keyof BondOptions> = ['miimon', 'updelay', 'downdelay', 'arp_interval', 'xmit_hash_policy', 'lacp_rate', 'ad_select', 'primary'];
  for (const k of cmp) {
    const d = declared.options[k];
    const l = live.options[k];
    if (d === undefined || l === undefined) continue;
    if (String(d) !== String(l)) out.push(`${k} is ${String(l)}, declared ${String(d)}`);
  }
  return out;
}
