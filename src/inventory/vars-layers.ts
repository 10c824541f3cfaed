/** A host's vars merged from every layer, in Ansible's precedence; no connection settings, no templates rendered. */
import type { GroupDef, Inventory, Origin, ResolvedVars, VarLayer } from './model.ts';

/** Every group a host belongs to, directly or through `children`, `all` included. */
export function groupsOf(inv: Inventory, host: string): GroupDef[] {
  const found = new Set<string>(['all']);
  const add = (name: string): void => {
    if (found.has(name)) return;
    found.add(name);
    for (const p of inv.groups.get(name)?.parents ?? []) add(p);
  };
  for (const g of inv.memberOf.get(host) ?? []) add(g.name);
  return [...found].map((n) => inv.groups.get(n)!).filter(Boolean);
}

/** Ansible's sort_groups: by depth (parents before children), then ansible_group_priority, then name. */
export function precedenceOrder(groups: GroupDef[]): GroupDef[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const EMPTY: VarLayer = { vars: {}, origins: {} };

/**
 * The layers of one host's vars, lowest first, in ansible-core 2.14's default precedence
 * (VariableManager.get_vars with DEFAULT_VARIABLE_PRECEDENCE all_inventory, groups_inventory,
 * all_plugins_inventory, all_plugins_play, groups_plugins_inventory, groups_plugins_play): the
 * inventory's `all` vars, its other groups' vars, group_vars/all of every -i base, then the
 * playbook's group_vars/all, then group_vars/GROUP of every base (base by base, groups in
 * precedence order within each), then the playbook's; the host's inventory vars, host_vars/HOST
 * of every base, the playbook's host_vars/HOST; then -e vars, above everything.
 */
export function varLayers(inv: Inventory, name: string, ordered: GroupDef[]): VarLayer[] {
  const all = ordered.find((g) => g.name === 'all');
  const rest = ordered.filter((g) => g !== all);
  const layers: VarLayer[] = [all ?? EMPTY, ...rest];
  const play = inv.playVars ? [inv.playVars] : [];
  for (const b of [...inv.varsBases, ...play]) layers.push(b.groups.get('all') ?? EMPTY);
  for (const b of [...inv.varsBases, ...play]) for (const g of rest) layers.push(b.groups.get(g.name) ?? EMPTY);
  layers.push(inv.hostVars.get(name) ?? EMPTY);
  for (const b of [...inv.varsBases, ...play]) layers.push(b.hosts.get(name) ?? EMPTY);
  layers.push(inv.extraVars ?? EMPTY);
  return layers;
}

export function resolveVars(inv: Inventory, name: string): ResolvedVars {
  const ordered = precedenceOrder(groupsOf(inv, name));
  const vars: Record<string, unknown> = {};
  const origins: Record<string, Origin> = {};
  const secret = new Set<string>();
  for (const layer of varLayers(inv, name, ordered)) {
    if (layer === EMPTY) continue;
    Object.assign(vars, layer.vars);
    Object.assign(origins, layer.origins);
    if (Array.isArray(layer.vars.secret_vars)) for (const k of layer.vars.secret_vars) secret.add(String(k));
  }
  // Unlike every other var, secret_vars lists add up: a host's own list must not unmask a var
  // its group declared secret.
  if (secret.size) vars.secret_vars = [...secret];
  const groups = ordered.map((g) => g.name).filter((g) => g !== 'all');
  return { vars, origins, groups };
}
