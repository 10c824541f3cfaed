/**
 * Options the kernel refuses to change on a live bond (BOND_OPTFLAG_IFDOWN / NOSLAVES in
 * drivers/net/bonding/bond_options.c): changing them means taking the bond down (or emptying it).
 */
import type { Bond, BondOptions } from '../config/bond-model.ts';
import type { RenderInput } from './types.ts';

const NEED_DOWN: ReadonlyArray<keyof BondOptions> = [
  'lacp_rate',
  'ad_select',
  'xmit_hash_policy',
  'fail_over_mac',
  'tlb_dynamic_lb',
  'ad_actor_sys_prio',
  'ad_user_port_key',
  'ad_actor_system',
  'lacp_active',
];

/** Names of the options (and `mode`) that differ between before and after and need the bond down. */
export function optionsNeedingDown(before: Bond | undefined, after: Bond): string[] {
  if (!before) return [];
  const out: string[] = [];
  if (before.mode !== after.mode) out.push('mode');
  for (const k of NEED_DOWN) {
    // Unset = not asked for: tsprov never resets an option the user did not write.
    if (after.options[k] === undefined) continue;
    if (JSON.stringify(before.options[k]) !== JSON.stringify(after.options[k])) out.push(k);
  }
  return out;
}

export function bondsNeedingDown(input: RenderInput): string[] {
  return input.bonds
    .filter((b) => optionsNeedingDown(input.previous?.[b.name], b).length > 0)
    .map((b) => b.name);
}
