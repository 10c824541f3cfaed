/**
 * Ansible's magic vars for one host, built from the inventory: inventory_hostname(_short),
 * group_names, groups, hostvars. `hostvars` is lazy: another host's vars are resolved (and
 * their own `{{ }}` rendered) only when a template reaches for them, so a 100k-host inventory
 * pays nothing for it. ansible_check_mode is the engine's to add (it knows the mode).
 */
import { formatPath, locate } from '../config/source.ts';
import { LazyMap, scopeOf } from '../template/index.ts';
import { secretNoter } from './hostvars-secrets.ts';
import type { Inventory } from './model.ts';
import { groupsOf, resolveVars } from './vars-layers.ts';

const groupLists = new WeakMap<Inventory, Record<string, string[]>>();

/** `groups`: every group with its hosts (members of child groups included), in inventory order. */
function groupsDict(inv: Inventory): Record<string, string[]> {
  let out = groupLists.get(inv);
  if (out) return out;
  out = Object.fromEntries([...inv.groups.keys()].map((g) => [g, [] as string[]]));
  for (const h of inv.hosts) for (const g of groupsOf(inv, h)) out[g.name]!.push(h);
  groupLists.set(inv, out);
  return out;
}

export interface MagicOptions {
  /** The playbook's directory, absolute (Ansible's playbook_dir). */
  playbookDir?: string;
}

const hostvarsOf = new WeakMap<Inventory, LazyMap>();

function hostvars(inv: Inventory, opts: MagicOptions): LazyMap {
  let hv = hostvarsOf.get(inv);
  if (hv) return hv;
  const known = new Set(inv.hosts);
  hv = new LazyMap(
    () => inv.hosts,
    (name) => {
      if (!known.has(name)) return undefined;
      const own = resolveVars(inv, name).vars;
      const magic = magicVars(inv, name, opts);
      const vars = { ...own, ...magic };
      const scope = scopeOf(vars);
      // What a template reads here may be a secret of that host: recorded, so it is masked too.
      const note = secretNoter(inv, own, scope);
      return new LazyMap(
        () => scope.names(),
        (k) => {
          if (!scope.has(k)) return undefined;
          const v = scope.get(k, 0);
          if (!Object.hasOwn(magic, k)) note(k, v);
          return v;
        },
      );
    },
  );
  hostvarsOf.set(inv, hv);
  return hv;
}

export function magicVars(inv: Inventory, host: string, opts: MagicOptions = {}): Record<string, unknown> {
  const groups = groupsOf(inv, host)
    .map((g) => g.name)
    .filter((g) => g !== 'all')
    .sort();
  const out: Record<string, unknown> = {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0],
    group_names: groups,
    groups: groupsDict(inv),
    hostvars: hostvars(inv, opts),
  };
  if (opts.playbookDir !== undefined) out.playbook_dir = opts.playbookDir;
  return out;
}

/** Where each of a host's vars is written (the layer that wins), to place an error inside its `{{ }}`. */
export function varLocator(inv: Inventory, host: string): (name: string) => { file: string; line: number; col: number; path: string } | undefined {
  const { origins } = resolveVars(inv, host);
  return (name) => {
    const o = origins[name];
    const src = o && inv.sources.find((s) => s.file === o.file);
    if (!o || !src) return undefined;
    return { file: o.file, ...locate(src, o.path), path: formatPath(o.path) };
  };
}
