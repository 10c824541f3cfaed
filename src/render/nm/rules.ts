/**
 * Combinations NetworkManager 1.42 rejects or rewrites (verify() and _normalize_bond_options() in
 * libnm-core-impl): a profile failing verify() is not loaded at all, and an option the mode does
 * not support is stripped when NM loads the profile. Both would leave the bond without what the
 * inventory asked for, so such a bond is refused here instead.
 */
import type { Bond, BondMode, BondOptions } from '../../config/bond-model.ts';
import { TsprovError } from '../../core/errors.ts';

/** NM's own miimon when the profile sets none (the kernel's is 0). */
export const NM_DEFAULT_MIIMON = 100;

const ARP_LESS: readonly BondMode[] = ['802.3ad', 'balance-tlb', 'balance-alb'];
const AB_TLB_ALB: readonly BondMode[] = ['active-backup', 'balance-tlb', 'balance-alb'];

/** _bond_option_unsupp_mode: the modes each option is kept in. */
const ONLY_IN: Partial<Record<keyof BondOptions, (m: BondMode) => boolean>> = {
  primary: (m) => AB_TLB_ALB.includes(m),
  ad_actor_sys_prio: (m) => m === '802.3ad',
  ad_actor_system: (m) => m === '802.3ad',
  ad_user_port_key: (m) => m === '802.3ad',
  lacp_rate: (m) => m === '802.3ad',
  arp_interval: (m) => !ARP_LESS.includes(m),
  arp_ip_target: (m) => !ARP_LESS.includes(m),
  arp_validate: (m) => !ARP_LESS.includes(m),
  packets_per_slave: (m) => m === 'balance-rr',
  tlb_dynamic_lb: (m) => m === 'balance-tlb' || m === 'balance-alb',
};

export function nmProblems(bond: Bond): string[] {
  const o = bond.options;
  const out: string[] = [];
  for (const [opt, ok] of Object.entries(ONLY_IN) as Array<[keyof BondOptions, (m: BondMode) => boolean]>) {
    if (o[opt] !== undefined && !ok(bond.mode)) out.push(`${opt} is dropped by NetworkManager in mode ${bond.mode}`);
  }
  const miimon = o.miimon ?? NM_DEFAULT_MIIMON;
  const arp = o.arp_interval ?? 0;
  for (const k of ['updelay', 'downdelay', 'peer_notif_delay'] as const) {
    if ((o[k] ?? 0) > 0 && miimon === 0) out.push(`${k} needs miimon > 0`);
  }
  const notif = o.peer_notif_delay ?? 0;
  if (notif > 0 && miimon > 0 && arp === 0 && notif % miimon !== 0) {
    const whose = o.miimon === undefined ? `NetworkManager's default miimon ${miimon}` : `miimon ${miimon}`;
    out.push(`peer_notif_delay ${notif} must be a multiple of ${whose}`);
  }
  if (arp > 0 && !o.arp_ip_target?.length) out.push('arp_interval needs arp_ip_target');
  if (arp === 0 && o.arp_ip_target?.length) out.push('arp_ip_target needs arp_interval > 0');
  if (o.num_grat_arp !== undefined && o.num_unsol_na !== undefined && o.num_grat_arp !== o.num_unsol_na) {
    out.push('num_grat_arp and num_unsol_na are one kernel setting: give them the same value or set one');
  }
  return out;
}

export function refuseNmProblems(bonds: Bond[]): void {
  const all = bonds.flatMap((b) => nmProblems(b).map((p) => `${b.name}: ${p}`));
  if (all.length) {
    throw new TsprovError('E_BACKEND_OPTION', `backend nm: NetworkManager 1.42 would not load or would change these profiles: ${all.join('; ')}`);
  }
}
