/**
 * A bond's options as interfaces(5) lines. ifenslave 2.13's if-pre-up.d hook (bookworm) reads
 * only this vocabulary: bond-slaves, bond-mode, bond-miimon, bond-updelay, bond-downdelay,
 * bond-use-carrier, bond-arp-interval, bond-arp-ip-target, bond-arp-validate, bond-primary,
 * bond-primary-reselect, bond-fail-over-mac, bond-xmit-hash-policy, bond-lacp-rate,
 * bond-ad-select, bond-num-grat-arp, bond-num-unsol-na, bond-packets-per-slave,
 * bond-tlb-dynamic-lb (plus bond-active-slave, bond-queue-id). A `bond-min-links` line would be
 * silently ignored, so options outside it are set by `pre-up` lines with iproute2, while the bond
 * is still down and empty (pre-up lines run before the hook enslaves anything).
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import type { OptionSpelling } from '../types.ts';
import { shq } from '../../core/quote.ts';

type Opt = keyof BondOptions;
const bool01 = (v: boolean): string => (v ? '1' : '0');

function fmt(v: BondOptions[Opt]): string {
  if (Array.isArray(v)) return v.join(' ');
  if (typeof v === 'boolean') return bool01(v);
  return String(v);
}

/** Options ifenslave's hook understands (it orders the sysfs writes itself; this order reads well). */
export const IFENSLAVE_OPTIONS: readonly Opt[] = [
  'miimon',
  'updelay',
  'downdelay',
  'use_carrier',
  'arp_interval',
  'arp_ip_target',
  'arp_validate',
  'primary',
  'primary_reselect',
  'fail_over_mac',
  'xmit_hash_policy',
  'lacp_rate',
  'ad_select',
  'num_grat_arp',
  'num_unsol_na',
  'packets_per_slave',
  'tlb_dynamic_lb',
];

/** The rest, by their `ip link … type bond` names (iproute2 6.1, bookworm). */
const IPROUTE_OPTIONS: ReadonlyArray<[Opt, string]> = [
  ['min_links', 'min_links'],
  ['all_slaves_active', 'all_slaves_active'],
  ['resend_igmp', 'resend_igmp'],
  ['lp_interval', 'lp_interval'],
  ['arp_all_targets', 'arp_all_targets'],
  ['peer_notif_delay', 'peer_notify_delay'],
  ['ad_actor_sys_prio', 'ad_actor_sys_prio'],
  ['ad_user_port_key', 'ad_user_port_key'],
  ['ad_actor_system', 'ad_actor_system'],
  ['lacp_active', 'lacp_active'],
  ['ns_ip6_target', 'ns_ip6_target'],
  ['coupled_control', 'coupled_control'],
];

function iprouteValue(opt: Opt, v: BondOptions[Opt]): string {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return opt === 'lacp_active' || opt === 'coupled_control' ? (v ? 'on' : 'off') : bool01(v);
  return String(v);
}

const dash = (o: string): string => o.replace(/_/g, '-');

/** `bond-*` lines, slaves and mode first (as every Debian example writes them). */
export function ifenslaveLines(bond: Bond, slavesKeyword = 'bond-slaves'): string[] {
  const lines = [`${slavesKeyword} ${bond.slaves.join(' ')}`, `bond-mode ${bond.mode}`];
  for (const o of IFENSLAVE_OPTIONS) {
    const v = bond.options[o];
    if (v !== undefined) lines.push(`bond-${dash(o)} ${fmt(v)}`);
  }
  return lines;
}

/** `pre-up` lines for options ifenslave's hook does not know; [] when none is set. */
export function iprouteLines(bond: Bond): string[] {
  const words: string[] = [];
  for (const [o, ipName] of IPROUTE_OPTIONS) {
    const v = bond.options[o];
    if (v !== undefined) words.push(ipName, shq(iprouteValue(o, v)));
  }
  if (words.length === 0) return [];
  // The kernel refuses peer_notify_delay while MII monitoring is off: give it miimon first.
  if (bond.options.peer_notif_delay !== undefined && bond.options.miimon !== undefined) {
    words.unshift('miimon', String(bond.options.miimon));
  }
  const dev = shq(bond.name);
  return [
    `pre-up [ -e /sys/class/net/${dev} ] || ip link add dev ${dev} type bond`,
    `pre-up ip link set dev ${dev} type bond ${words.join(' ')}`,
  ];
}

export function usesIproute(bond: Bond): string[] {
  return IPROUTE_OPTIONS.filter(([o]) => bond.options[o] !== undefined).map(([o]) => o);
}

/** How ifupdown spells each option: ifenslave's hook keyword, else an iproute2 `pre-up` word. */
export const spelling = Object.fromEntries([
  ...IFENSLAVE_OPTIONS.map((o) => [o, `bond-${dash(o)}`]),
  ...IPROUTE_OPTIONS.map(([o, ip]) => [o, `pre-up ip link set … type bond ${ip}`]),
]) as OptionSpelling;
