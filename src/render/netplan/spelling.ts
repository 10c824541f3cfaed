/**
 * Kernel bonding options in netplan's `parameters:` vocabulary, as netplan.io 0.106 parses them
 * (src/parse.c, bond_params_handlers) and its networkd generator writes them (src/networkd.c,
 * write_bond_parameters). The older spellings `all-slaves-active` and `packets-per-slave` are used:
 * 0.106 still reads them, and the `-members-` ones exist only since 0.106.
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import { TsprovError } from '../../core/errors.ts';
import type { OptionSpelling } from '../types.ts';

type Opt = keyof BondOptions;

/** netplan 0.106 has no key for the nulls (networkd has some of them; netplan does not pass them on). */
export const spelling: OptionSpelling = {
  miimon: 'mii-monitor-interval',
  updelay: 'up-delay',
  downdelay: 'down-delay',
  peer_notif_delay: null,
  use_carrier: null,
  arp_interval: 'arp-interval',
  arp_ip_target: 'arp-ip-targets',
  ns_ip6_target: null,
  arp_validate: 'arp-validate',
  arp_all_targets: 'arp-all-targets',
  primary: 'primary',
  primary_reselect: 'primary-reselect-policy',
  fail_over_mac: 'fail-over-mac-policy',
  xmit_hash_policy: 'transmit-hash-policy',
  lacp_rate: 'lacp-rate',
  lacp_active: null,
  ad_select: 'ad-select',
  ad_actor_sys_prio: null,
  ad_user_port_key: null,
  ad_actor_system: null,
  min_links: 'min-links',
  all_slaves_active: 'all-slaves-active',
  resend_igmp: 'resend-igmp',
  num_grat_arp: 'gratuitous-arp',
  // The kernel's num_unsol_na is an alias of num_grat_arp: both set one num_peer_notif.
  num_unsol_na: 'gratuitous-arp',
  packets_per_slave: 'packets-per-slave',
  tlb_dynamic_lb: null,
  lp_interval: 'learn-packet-interval',
  coupled_control: null,
};

/** The order of netplan's reference (doc/netplan-yaml.md), so the file reads like its examples. */
export const PARAMETER_ORDER: readonly Opt[] = [
  'lacp_rate',
  'miimon',
  'min_links',
  'xmit_hash_policy',
  'ad_select',
  'all_slaves_active',
  'arp_interval',
  'arp_ip_target',
  'arp_validate',
  'arp_all_targets',
  'updelay',
  'downdelay',
  'fail_over_mac',
  'num_grat_arp',
  'num_unsol_na',
  'packets_per_slave',
  'primary_reselect',
  'resend_igmp',
  'lp_interval',
  'primary',
];

// networkd (bookworm's v252) parses these with fixed tables; a value outside them is logged and
// dropped, so the bond would come up without it.
const NETWORKD_ARP_VALIDATE = new Set(['none', 'active', 'backup', 'all']);
const NETWORKD_HASH = new Set(['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4']);
// netplan's generator writes these only when non-zero, so 0 would leave the kernel default (1).
const ZERO_DROPPED: readonly Opt[] = ['num_grat_arp', 'num_unsol_na', 'packets_per_slave', 'resend_igmp'];

/** Values a spelled option cannot carry through netplan and networkd, one line each. */
export function valueProblems(bond: Bond): string[] {
  const o = bond.options;
  const out: string[] = [];
  if (o.arp_validate !== undefined && !NETWORKD_ARP_VALIDATE.has(o.arp_validate)) {
    out.push(`${bond.name}.arp_validate ${o.arp_validate} (networkd knows only ${[...NETWORKD_ARP_VALIDATE].join(', ')})`);
  }
  if (o.xmit_hash_policy !== undefined && !NETWORKD_HASH.has(o.xmit_hash_policy)) {
    out.push(`${bond.name}.xmit_hash_policy ${o.xmit_hash_policy} (networkd knows only ${[...NETWORKD_HASH].join(', ')})`);
  }
  for (const k of ZERO_DROPPED) {
    if (o[k] === 0) out.push(`${bond.name}.${k} 0 (netplan writes ${spelling[k]} only when non-zero, so the kernel default 1 would stay)`);
  }
  if (o.num_grat_arp !== undefined && o.num_unsol_na !== undefined && o.num_grat_arp !== o.num_unsol_na) {
    out.push(`${bond.name}.num_grat_arp ${o.num_grat_arp} with num_unsol_na ${o.num_unsol_na} (one kernel setting, netplan's gratuitous-arp; give both the same value)`);
  }
  return out;
}

export function refuseValues(bonds: Bond[]): void {
  const bad = bonds.flatMap(valueProblems);
  if (bad.length) {
    throw new TsprovError('E_BACKEND_OPTION', `backend netplan cannot express ${bad.join('; ')}: change ${bad.length === 1 ? 'it' : 'them'} or pin another backend`);
  }
}
