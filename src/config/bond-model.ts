/**
 * The typed bond model, as declared in inventory vars (`bonds:`). Only what the user wrote is set:
 * tsprov never injects defaults (the kernel's defaults are reported by `inventory --host`).
 * Option names follow Documentation/networking/bonding.rst.
 */
export const BOND_MODES = [
  'balance-rr',
  'active-backup',
  'balance-xor',
  'broadcast',
  '802.3ad',
  'balance-tlb',
  'balance-alb',
] as const;
export type BondMode = (typeof BOND_MODES)[number];

/** Accepts a mode name or its number (0–6, as a number or a numeric string). */
export function normaliseMode(mode: string | number): BondMode | undefined {
  if (typeof mode === 'number' || /^[0-6]$/.test(mode)) return BOND_MODES[Number(mode)];
  return (BOND_MODES as readonly string[]).includes(mode) ? (mode as BondMode) : undefined;
}

export interface BondOptions {
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  peer_notif_delay?: number;
  use_carrier?: boolean;
  arp_interval?: number;
  arp_ip_target?: string[];
  ns_ip6_target?: string[];
  arp_validate?: 'none' | 'active' | 'backup' | 'all' | 'filter' | 'filter_active' | 'filter_backup';
  arp_all_targets?: 'any' | 'all';
  primary?: string;
  primary_reselect?: 'always' | 'better' | 'failure';
  fail_over_mac?: 'none' | 'active' | 'follow';
  xmit_hash_policy?: 'layer2' | 'layer2+3' | 'layer3+4' | 'encap2+3' | 'encap3+4' | 'vlan+srcmac';
  lacp_rate?: 'slow' | 'fast';
  lacp_active?: boolean;
  ad_select?: 'stable' | 'bandwidth' | 'count';
  ad_actor_sys_prio?: number;
  ad_user_port_key?: number;
  ad_actor_system?: string;
  min_links?: number;
  all_slaves_active?: boolean;
  resend_igmp?: number;
  num_grat_arp?: number;
  num_unsol_na?: number;
  packets_per_slave?: number;
  tlb_dynamic_lb?: boolean;
  lp_interval?: number;
  coupled_control?: boolean;
}

export interface StaticAddressing {
  method: 'static';
  /** CIDR strings, IPv4 or IPv6, e.g. "10.1.100.63/24". */
  addresses: string[];
  gateway?: string;
  gateway6?: string;
  dns?: string[];
  dns_search?: string[];
}
export interface DhcpAddressing {
  method: 'dhcp';
}
export interface ManualAddressing {
  method: 'manual';
}
export type Addressing = StaticAddressing | DhcpAddressing | ManualAddressing;

export interface Bond {
  name: string;
  /**
   * `absent`: the bond is to be removed (its files, the live bond); `slaves` then lists the NICs
   * to release (the declared ones and those found live), and the other fields mean nothing.
   */
  state?: 'absent';
  mode: BondMode;
  slaves: string[];
  options: BondOptions;
  addressing: Addressing;
  hwaddress?: string;
  mtu?: number;
  /** For backends whose module config needs it (the seed's `alias eth0 e100`): slave → driver. */
  slave_drivers?: Record<string, string>;
}

/** Network backends, by renderer name. */
export const BACKENDS = ['ifupdown', 'ifupdown-legacy', 'netplan', 'networkd', 'nm', 'ifcfg'] as const;
export type Backend = (typeof BACKENDS)[number];
