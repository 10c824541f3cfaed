/**
 * Kernel bonding options as NetworkManager 1.42 (Debian bookworm) takes them in a keyfile's [bond]
 * group: the kernel's own names (valid_options_lst in libnm-core-impl/nm-setting-bond.c).
 * lacp_active and ns_ip6_target arrived in NM 1.44, coupled_control in none yet: a bond setting
 * them is refused on this backend rather than written into a profile NM 1.42 would reject.
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import type { Entry } from './keyfile.ts';
import type { OptionSpelling } from '../types.ts';

type Opt = keyof BondOptions;

const NM_NAMES: Record<Opt, string | null> = {
  miimon: 'miimon',
  updelay: 'updelay',
  downdelay: 'downdelay',
  peer_notif_delay: 'peer_notif_delay',
  use_carrier: 'use_carrier',
  arp_interval: 'arp_interval',
  arp_ip_target: 'arp_ip_target',
  ns_ip6_target: null,
  arp_validate: 'arp_validate',
  arp_all_targets: 'arp_all_targets',
  primary: 'primary',
  primary_reselect: 'primary_reselect',
  fail_over_mac: 'fail_over_mac',
  xmit_hash_policy: 'xmit_hash_policy',
  lacp_rate: 'lacp_rate',
  lacp_active: null,
  ad_select: 'ad_select',
  ad_actor_sys_prio: 'ad_actor_sys_prio',
  ad_user_port_key: 'ad_user_port_key',
  ad_actor_system: 'ad_actor_system',
  min_links: 'min_links',
  all_slaves_active: 'all_slaves_active',
  resend_igmp: 'resend_igmp',
  num_grat_arp: 'num_grat_arp',
  num_unsol_na: 'num_unsol_na',
  packets_per_slave: 'packets_per_slave',
  tlb_dynamic_lb: 'tlb_dynamic_lb',
  lp_interval: 'lp_interval',
  coupled_control: null,
};

export const spelling: OptionSpelling = Object.fromEntries(
  Object.entries(NM_NAMES).map(([o, n]) => [o, n === null ? null : `[bond] ${n}=`]),
) as OptionSpelling;

/** NM's option types: booleans are integers 0/1, arp_ip_target a comma list. */
function value(v: NonNullable<BondOptions[Opt]>): string {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** The [bond] entries: mode and the options the user set, sorted by name as NM's writer does. */
export function bondEntries(bond: Bond): Entry[] {
  const out: Entry[] = [['mode', bond.mode]];
  for (const [o, name] of Object.entries(NM_NAMES) as Array<[Opt, string | null]>) {
    const v = bond.options[o];
    if (v !== undefined && name !== null) out.push([name, value(v)]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
