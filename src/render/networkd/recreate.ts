/**
 * Which live bonds networkd can only bring to the new config by creating them again. Before
 * v257, networkd sends a bond's [Bond] and [NetDev] settings once, in the netlink request that
 * creates it; finding the bond already there, it logs "netdev exists, using existing without
 * changing its parameters" and leaves it as it is, and `networkctl reload` re-reads a .netdev
 * only for a bond it does not hold. So a live bond goes (`ip link del`) and comes back from
 * its new .netdev when that file changes, when the live bond has drifted from it (mode, or an
 * option /proc/net/bonding shows), or when a slave must leave it — not for changes in .network
 * files, which `reconfigure` applies live. options-down.ts's list is not used: the live bond
 * from facts lacks most of those options, and an option it lacks would read as changed, so a
 * converged bond would be recreated on every run; a real change of one shows in the .netdev.
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import type { RenderedFile, RenderInput } from '../types.ts';
import { netdevPath } from './files.ts';

/** What /proc/net/bonding shows of the options networkd sets only at creation. */
const LIVE_OPTIONS: ReadonlyArray<keyof BondOptions> = ['miimon', 'updelay', 'downdelay', 'arp_interval', 'xmit_hash_policy', 'lacp_rate', 'ad_select'];

function reasons(bond: Bond, live: Bond, input: RenderInput, files: RenderedFile[]): string[] {
  const out: string[] = [];
  const path = netdevPath(bond.name);
  const want = files.find((f) => f.path === path)?.content ?? null;
  const have = input.existing[path] ?? null;
  if (have !== want) out.push(have === null ? `networkd did not create it (no ${path} yet)` : `${path} changes`);
  if (live.mode !== bond.mode) out.push(`live mode is ${live.mode}, declared ${bond.mode}`);
  for (const k of LIVE_OPTIONS) {
    const d = bond.options[k];
    const l = live.options[k];
    if (d !== undefined && l !== undefined && String(d) !== String(l)) out.push(`live ${k} is ${String(l)}, declared ${String(d)}`);
  }
  const leaving = live.slaves.filter((s) => !bond.slaves.includes(s));
  if (leaving.length > 0) out.push(`${leaving.join(', ')} must leave it`);
  return out;
}

export function bondsToRecreate(input: RenderInput, files: RenderedFile[]): { names: string[]; notes: PlanNote[] } {
  const names: string[] = [];
  const notes: PlanNote[] = [];
  for (const bond of input.bonds) {
    const live = input.previous?.[bond.name];
    if (!live) continue;
    const why = reasons(bond, live, input, files);
    if (why.length === 0) continue;
    names.push(bond.name);
    notes.push({
      level: 'warn',
      message: `${bond.name}: deleted and created again by networkd during the reload, since networkd before v257 sets bond options only when it creates a bond (${why.join('; ')})`,
    });
  }
  return { names, notes };
}
