import { checkBonds } from '../config/bond-rules.ts';
import { checkSchema, describe, suggest } from '../config/schema-check.ts';
import { formatPath, locate, ProblemSink, type PathSeg, type SourceFile } from '../config/source.ts';
import type { SourceProblem } from '../core/errors.ts';
import { hasTemplate } from '../template/index.ts';
import { TEMPLATED_CONNECTION_VARS } from './ansible-vars.ts';
import { expandHostPattern } from './host-pattern.ts';
import type { GroupDef, Inventory, VarLayer } from './model.ts';
import { VARS_SCHEMA } from './vars-schema.ts';

/** Walks one parsed inventory source (YAML, INI or host list, all read into the same tree) into `inv`. */

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const GROUP_KEYS = ['hosts', 'vars', 'children'];
const NAME_RE = /^[A-Za-z0-9_.:@\[\]-]+$/;
/** Ansible keeps this var out of the group's vars: it orders groups of the same depth. */
const PRIORITY = 'ansible_group_priority';

export interface WalkOptions {
  /** Expand `[a:b]` ranges and split `:port` in host keys (not in `-i h1,h2,` lists, as Ansible). */
  ranges: boolean;
}

/**
 * Records parent → child once. The child's parent list is the one to search: it is short, while
 * a parent (`all` above all) may have thousands of children.
 */
export function link(inv: Inventory, parent: string, child: string): void {
  const c = group(inv, child);
  if (c.parents.includes(parent)) return;
  group(inv, parent).children.push(child);
  c.parents.push(parent);
}

/** Adds `host` to `g` once; the host's own (short) group list answers "already there?". */
export function addMember(inv: Inventory, g: GroupDef, host: string): void {
  let mine = inv.memberOf.get(host);
  if (!mine) inv.memberOf.set(host, (mine = []));
  if (mine.includes(g)) return;
  mine.push(g);
  g.hosts.push(host);
}

export function group(inv: Inventory, name: string): GroupDef {
  let g = inv.groups.get(name);
  if (!g) {
    g = { name, hosts: [], children: [], parents: [], depth: 0, priority: 1, vars: {}, origins: {}, childOrigins: {} };
    inv.groups.set(name, g);
  }
  return g;
}

/** Later definitions win, key by key (Ansible's `replace` hash behaviour: no deep merge). */
export function mergeLayer(layer: VarLayer, vars: Obj | null, file: string, path: PathSeg[]): void {
  for (const [k, v] of Object.entries(vars ?? {})) {
    layer.vars[k] = v;
    layer.origins[k] = { file, path: [...path, k] };
  }
}

/** `vars` without its templated connection vars: their type is checked once rendered, per host. */
function typedNow(vars: unknown): unknown {
  if (!isObj(vars) || !Object.entries(vars).some(([k, v]) => TEMPLATED_CONNECTION_VARS.has(k) && hasTemplate(v))) return vars;
  return Object.fromEntries(Object.entries(vars).filter(([k, v]) => !(TEMPLATED_CONNECTION_VARS.has(k) && hasTemplate(v))));
}

export function checkVars(vars: unknown, path: PathSeg[], sink: ProblemSink): void {
  if (checkSchema(VARS_SCHEMA, typedNow(vars), path, sink) || isObj(vars)) checkBonds((vars as Obj | null)?.bonds, [...path, 'bonds'], sink);
}

function groupVars(g: GroupDef, vars: Obj, path: PathSeg[], sink: ProblemSink): void {
  const { [PRIORITY]: priority, ...rest } = vars;
  if (priority !== undefined) {
    // Ansible applies int() to it: 10 and "10" are fine, anything else fails the inventory.
    const n = typeof priority === 'number' ? Math.trunc(priority) : typeof priority === 'string' && /^\s*[-+]?\d+\s*$/.test(priority) ? Number(priority) : NaN;
    if (Number.isNaN(n)) sink.add([...path, PRIORITY], `must be an integer; got ${JSON.stringify(priority)}`);
    else g.priority = n;
  }
  mergeLayer(g, rest, sink.src.file, path);
}

function walkGroup(inv: Inventory, name: string, body: unknown, path: PathSeg[], sink: ProblemSink, opts: WalkOptions): void {
  const g = group(inv, name);
  if (body === null || body === undefined) return;
  if (!isObj(body)) return sink.add(path, `a group must be a mapping with hosts, vars or children; got ${describe(body)}`);
  for (const key of Object.keys(body)) {
    if (!GROUP_KEYS.includes(key)) sink.add([...path, key], `unknown key "${key}" in group ${name}${suggest(key, GROUP_KEYS)} (a group holds hosts, vars and children)`, { key: true });
  }
  const { hosts, vars, children } = body;
  if (vars !== undefined && vars !== null) {
    checkVars(vars, [...path, 'vars'], sink);
    if (isObj(vars)) groupVars(g, vars, [...path, 'vars'], sink);
  }
  if (hosts !== undefined && hosts !== null) {
    if (!isObj(hosts)) sink.add([...path, 'hosts'], `must be a mapping of host names to their vars; got ${describe(hosts)}`);
    else for (const [h, hv] of Object.entries(hosts)) walkHost(inv, g, h, hv, [...path, 'hosts', h], sink, opts);
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
      walkGroup(inv, c, cb, [...path, 'children', c], sink, opts);
    }
  }
}

function checkName(name: string, path: PathSeg[], what: string, sink: ProblemSink): boolean {
  if (NAME_RE.test(name)) return true;
  sink.add(path, `invalid ${what} name ${JSON.stringify(name)} (use letters, digits and _ . : - @ [ ])`, { key: true });
  return false;
}

function walkHost(inv: Inventory, g: GroupDef, key: string, vars: unknown, path: PathSeg[], sink: ProblemSink, opts: WalkOptions): void {
  const expanded = opts.ranges ? expandHostPattern(key) : { ok: true as const, names: [key], port: undefined };
  if (!expanded.ok) return sink.add(path, expanded.message, { key: true });
  if (vars !== null && vars !== undefined) checkVars(vars, path, sink);
  for (const name of expanded.names) {
    if (!checkName(name, path, 'host', sink)) return;
    addMember(inv, g, name);
    if (!inv.hostVars.has(name)) {
      inv.hosts.push(name);
      const layer: VarLayer = { vars: {}, origins: {} };
      // Like Ansible's Host(name, port): the port of the key that first declares the host.
      if (expanded.port !== undefined) {
        layer.vars.ansible_port = expanded.port;
        layer.origins.ansible_port = { file: sink.src.file, path };
      }
      inv.hostVars.set(name, layer);
      inv.hostAt.set(name, { file: sink.src.file, ...locate(sink.src, path, true), path: formatPath(path) });
    }
    if (isObj(vars)) mergeLayer(inv.hostVars.get(name)!, vars, sink.src.file, path);
  }
}

export function walkFile(inv: Inventory, src: SourceFile, problems: SourceProblem[], opts: WalkOptions): void {
  const sink = new ProblemSink(src, problems);
  const data = src.data;
  if (data === null || data === undefined) return sink.add([], 'inventory is empty; expected a mapping with the group "all"');
  if (!isObj(data)) return sink.add([], `inventory must be a mapping of groups (starting with "all"); got ${describe(data)}`);
  // Top-level groups other than `all` join `all` when the inventory is reconciled, as in
  // Ansible: only those left without any parent by then.
  for (const [name, body] of Object.entries(data)) {
    if (!checkName(name, [name], 'group', sink)) continue;
    walkGroup(inv, name, body, [name], sink, opts);
  }
}
