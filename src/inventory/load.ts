import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { checkBonds } from '../config/bond-rules.ts';
import { checkSchema, describe, suggest } from '../config/schema-check.ts';
import { formatPath, loadYamlFile, locate, ProblemSink, sortProblems, type PathSeg, type SourceFile } from '../config/source.ts';
import type { GroupDef, Inventory, VarLayer } from './model.ts';
import { VARS_SCHEMA } from './vars-schema.ts';
import { computeDepths } from './depth.ts';
import { redactProblems } from './secrets.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const GROUP_KEYS = ['hosts', 'vars', 'children'];
const NAME_RE = /^[A-Za-z0-9_.:@\[\]-]+$/;

function emptyInventory(): Inventory {
  return { hosts: [], groups: new Map(), hostVars: new Map(), memberOf: new Map(), sources: [], hostAt: new Map(), warnings: [] };
}

/**
 * Records parent → child once. The child's parent list is the one to search: it is short, while
 * a parent (`all` above all) may have thousands of children.
 */
function link(inv: Inventory, parent: string, child: string): void {
  const c = group(inv, child);
  if (c.parents.includes(parent)) return;
  group(inv, parent).children.push(child);
  c.parents.push(parent);
}

/** Adds `host` to `g` once; the host's own (short) group list answers "already there?". */
function addMember(inv: Inventory, g: GroupDef, host: string): void {
  let mine = inv.memberOf.get(host);
  if (!mine) inv.memberOf.set(host, (mine = []));
  if (mine.includes(g)) return;
  mine.push(g);
  g.hosts.push(host);
}

/** memberOf lists in `groups` order (groupsOf's order), not in the order the walk met them. */
function orderMemberships(inv: Inventory): void {
  const rank = new Map<GroupDef, number>();
  for (const g of inv.groups.values()) rank.set(g, rank.size);
  for (const list of inv.memberOf.values()) if (list.length > 1) list.sort((a, b) => rank.get(a)! - rank.get(b)!);
}

function group(inv: Inventory, name: string): GroupDef {
  let g = inv.groups.get(name);
  if (!g) {
    g = { name, hosts: [], children: [], parents: [], depth: 0, vars: {}, origins: {}, childOrigins: {} };
    inv.groups.set(name, g);
  }
  return g;
}

/** Later definitions win, key by key (Ansible's `replace` hash behaviour: no deep merge). */
function mergeLayer(layer: VarLayer, vars: Obj | null, file: string, path: PathSeg[]): void {
  for (const [k, v] of Object.entries(vars ?? {})) {
    layer.vars[k] = v;
    layer.origins[k] = { file, path: [...path, k] };
  }
}

function checkVars(vars: unknown, path: PathSeg[], sink: ProblemSink): void {
  if (checkSchema(VARS_SCHEMA, vars, path, sink) || isObj(vars)) checkBonds((vars as Obj | null)?.bonds, [...path, 'bonds'], sink);
}

function walkGroup(inv: Inventory, name: string, body: unknown, path: PathSeg[], sink: ProblemSink): void {
  const g = group(inv, name);
  if (body === null || body === undefined) return;
  if (!isObj(body)) return sink.add(path, `a group must be a mapping with hosts, vars or children; got ${describe(body)}`);
  for (const key of Object.keys(body)) {
    if (!GROUP_KEYS.includes(key)) sink.add([...path, key], `unknown key "${key}" in group ${name}${suggest(key, GROUP_KEYS)} (a group holds hosts, vars and children)`, { key: true });
  }
  const { hosts, vars, children } = body;
  if (vars !== undefined && vars !== null) {
    checkVars(vars, [...path, 'vars'], sink);
    if (isObj(vars)) mergeLayer(g, vars, sink.src.file, [...path, 'vars']);
  }
  if (hosts !== undefined && hosts !== null) {
    if (!isObj(hosts)) sink.add([...path, 'hosts'], `must be a mapping of host names to their vars; got ${describe(hosts)}`);
    else for (const [h, hv] of Object.entries(hosts)) walkHost(inv, g, h, hv, [...path, 'hosts', h], sink);
  }
  if (children !== undefined && children !== null) {
    if (!isObj(children)) return sink.add([...path, 'children'], `must be a mapping of group names; got ${describe(children)}`);
    for (const [c, cb] of Object.entries(children)) {
      if (!checkName(c, [...path, 'children', c], 'group', sink)) continue;
      if (c === 'all') {
        sink.add([...path, 'children', c], '"all" is the root group and cannot be a child', { key: true });
        continue;
      }
      link(inv, name, c);
      g.childOrigins[c] ??= { file: sink.src.file, path: [...path, 'children', c] };
      walkGroup(inv, c, cb, [...path, 'children', c], sink);
    }
  }
}

function checkName(name: string, path: PathSeg[], what: string, sink: ProblemSink): boolean {
  if (NAME_RE.test(name)) return true;
  sink.add(path, `invalid ${what} name ${JSON.stringify(name)} (use letters, digits and _ . : - @ [ ])`, { key: true });
  return false;
}

function walkHost(inv: Inventory, g: GroupDef, name: string, vars: unknown, path: PathSeg[], sink: ProblemSink): void {
  if (!checkName(name, path, 'host', sink)) return;
  addMember(inv, g, name);
  if (!inv.hostVars.has(name)) {
    inv.hosts.push(name);
    inv.hostVars.set(name, { vars: {}, origins: {} });
    inv.hostAt.set(name, { file: sink.src.file, ...locate(sink.src, path, true), path: formatPath(path) });
  }
  if (vars === null || vars === undefined) return;
  checkVars(vars, path, sink);
  if (isObj(vars)) mergeLayer(inv.hostVars.get(name)!, vars, sink.src.file, path);
}

function walkFile(inv: Inventory, src: SourceFile, problems: SourceProblem[]): void {
  const sink = new ProblemSink(src, problems);
  const data = src.data;
  if (data === null || data === undefined) return sink.add([], 'inventory is empty; expected a mapping with the group "all"');
  if (!isObj(data)) return sink.add([], `inventory must be a mapping of groups (starting with "all"); got ${describe(data)}`);
  group(inv, 'all');
  for (const [name, body] of Object.entries(data)) {
    if (!checkName(name, [name], 'group', sink)) continue;
    if (name !== 'all') {
      // Top-level groups besides `all` are its children, as in Ansible.
      link(inv, 'all', name);
    }
    walkGroup(inv, name, body, [name], sink);
  }
}

/** Loads and validates inventory files into `problems` (nothing thrown); later files override earlier ones. */
export function collectInventory(paths: readonly string[], problems: SourceProblem[]): Inventory {
  const inv = emptyInventory();
  for (const file of paths) {
    const src = loadYamlFile(file, problems);
    if (!src) continue;
    inv.sources.push(src);
    if (src.data !== undefined) walkFile(inv, src, problems);
  }
  group(inv, 'all');
  orderMemberships(inv);
  computeDepths(inv, problems);
  for (const [name, at] of inv.hostAt) {
    if (inv.groups.has(name)) {
      inv.warnings.push({ ...at, message: `host "${name}" has the same name as a group: the pattern "${name}" selects the host and every host of the group` });
    }
  }
  return inv;
}

/** Loads inventory files; throws ConfigError listing every problem. */
export function loadInventory(paths: readonly string[]): Inventory {
  const problems: SourceProblem[] = [];
  const inv = collectInventory(paths, problems);
  if (problems.length) throw new ConfigError(sortProblems(redactProblems(inv, problems)));
  return inv;
}
