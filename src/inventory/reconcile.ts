import type { Inventory } from './model.ts';
import { addMember, group, link } from './walk.ts';

/**
 * Ansible's reconcile_inventory, run once every source is read: each group without a parent
 * becomes a child of `all` (in the order groups were first seen), a host in no group but `all`
 * goes to `ungrouped`, and a host that is in `ungrouped` and some other group leaves `ungrouped`.
 */
export function reconcile(inv: Inventory): void {
  for (const g of inv.groups.values()) if (g.name !== 'all' && g.parents.length === 0) link(inv, 'all', g.name);
  const ungrouped = group(inv, 'ungrouped');
  const leaving = new Set<string>();
  for (const host of inv.hosts) {
    const mine = inv.memberOf.get(host) ?? [];
    if (mine.includes(ungrouped)) {
      if (mine.some((g) => g.name !== 'all' && g.name !== 'ungrouped')) leaving.add(host);
    } else if (mine.every((g) => g.name === 'all')) addMember(inv, ungrouped, host);
  }
  if (!leaving.size) return;
  ungrouped.hosts = ungrouped.hosts.filter((h) => !leaving.has(h));
  for (const h of leaving) inv.memberOf.set(h, inv.memberOf.get(h)!.filter((g) => g !== ungrouped));
}
