import type { BondMode } from './bond-model.ts';
import type { BondOptionName } from './bond-schema.ts';

/**
 * Which modes each option means something in (Documentation/networking/bonding.rst). Options not
 * listed apply to every mode. Setting an option the mode ignores is an error: it would silently
 * do nothing, which is worse than failing at validate time.
 */
const AD: BondMode[] = ['802.3ad'];
const ARP_MODES: BondMode[] = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast'];

export const OPTION_MODES: Partial<Record<BondOptionName, readonly BondMode[]>> = {
  lacp_rate: AD,
  lacp_active: AD,
  ad_select: AD,
  ad_actor_sys_prio: AD,
  ad_user_port_key: AD,
  ad_actor_system: AD,
  coupled_control: AD,
  min_links: AD,
  primary: ['active-backup', 'balance-tlb', 'balance-alb'],
  primary_reselect: ['active-backup', 'balance-tlb', 'balance-alb'],
  arp_interval: ARP_MODES,
  arp_ip_target: ARP_MODES,
  ns_ip6_target: ARP_MODES,
  arp_validate: ARP_MODES,
  arp_all_targets: ARP_MODES,
  xmit_hash_policy: ['balance-xor', '802.3ad', 'balance-tlb'],
  packets_per_slave: ['balance-rr'],
  tlb_dynamic_lb: ['balance-tlb'],
  lp_interval: ['balance-tlb', 'balance-alb'],
};

export function optionAppliesTo(option: BondOptionName, mode: BondMode): boolean {
  const modes = OPTION_MODES[option];
  return !modes || modes.includes(mode);
}

export function modeRuleMessage(option: BondOptionName, mode: BondMode): string {
  const modes = OPTION_MODES[option] ?? [];
  return `${option} is only valid in mode ${modes.join(', ')}; this bond uses ${mode}`;
}

/** The kernel's value when an option is not set; shown by `inventory --host`, never injected. */
export const KERNEL_DEFAULTS: Record<BondOptionName, { value: string; note?: string }> = {
  miimon: { value: '0', note: '100 recommended' },
  updelay: { value: '0' },
  downdelay: { value: '0' },
  peer_notif_delay: { value: '0' },
  use_carrier: { value: 'true' },
  arp_interval: { value: '0' },
  arp_ip_target: { value: '(none)' },
  ns_ip6_target: { value: '(none)' },
  arp_validate: { value: 'none' },
  arp_all_targets: { value: 'any' },
  primary: { value: '(none)' },
  primary_reselect: { value: 'always' },
  fail_over_mac: { value: 'none' },
  xmit_hash_policy: { value: 'layer2' },
  lacp_rate: { value: 'slow' },
  lacp_active: { value: 'true' },
  ad_select: { value: 'stable' },
  ad_actor_sys_prio: { value: '65535' },
  ad_user_port_key: { value: '0' },
  ad_actor_system: { value: '(the bond\'s MAC)' },
  min_links: { value: '0' },
  all_slaves_active: { value: 'false' },
  resend_igmp: { value: '1' },
  num_grat_arp: { value: '1' },
  num_unsol_na: { value: '1' },
  packets_per_slave: { value: '1' },
  tlb_dynamic_lb: { value: 'true' },
  lp_interval: { value: '1' },
  coupled_control: { value: 'true' },
};
