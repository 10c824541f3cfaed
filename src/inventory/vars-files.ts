import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { loadYamlFile, ProblemSink } from '../config/source.ts';
import type { SourceProblem } from '../core/errors.ts';
import type { Inventory, VarLayer, VarsBase } from './model.ts';
import { checkVars, isObj, mergeLayer } from './walk.ts';

/**
 * group_vars/ and host_vars/ beside an inventory, found as ansible-core 2.14's host_group_vars
 * plugin and DataLoader.find_vars_files find them: for an entity NAME the first of `NAME`,
 * `NAME.yml`, `NAME.yaml`, `NAME.json` that exists; when that is a directory, every file in it
 * with no extension or one of those three (sorted, recursively, skipping hidden files and `~`
 * backups), merged in that order, later files winning key by key.
 */

const EXTS = ['.yml', '.yaml', '.json'];

type Listing = Map<string, boolean>;

/** Entry name → is a directory; one readdir per vars folder, so 100k host_vars files stay linear. */
function list(dir: string): Listing | undefined {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const out: Listing = new Map();
  for (const n of names) {
    let isDir = false;
    try {
      isDir = statSync(join(dir, n)).isDirectory();
    } catch {
      // A dangling link: Ansible's exists() check skips it too.
      continue;
    }
    out.set(n, isDir);
  }
  return out;
}

function dirFiles(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    if (n.startsWith('.') || n.endsWith('~')) continue;
    const full = join(dir, n);
    const ext = extname(n);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory() && !ext) dirFiles(full, out);
    else if (st.isFile() && (!ext || EXTS.includes(ext))) out.push(full);
  }
  return out;
}

/** The files holding NAME's vars in a listed folder, in merge order; the entry used, if any. */
function filesFor(dir: string, listing: Listing, name: string): { entry?: string; files: string[] } {
  for (const ext of ['', ...EXTS]) {
    const entry = name + ext;
    const isDir = listing.get(entry);
    if (isDir === undefined) continue;
    const full = join(dir, entry);
    return { entry, files: isDir ? dirFiles(full, []) : [full] };
  }
  return { files: [] };
}

function loadLayer(inv: Inventory, files: string[], problems: SourceProblem[]): VarLayer | undefined {
  const layer: VarLayer = { vars: {}, origins: {} };
  let any = false;
  for (const file of files) {
    const src = loadYamlFile(file, problems, { ansible: true });
    if (!src) continue;
    inv.sources.push(src);
    // Ansible skips an empty file; anything but a mapping fails its merge.
    if (src.data === undefined || src.data === null) continue;
    const sink = new ProblemSink(src, problems);
    if (!isObj(src.data)) {
      sink.add([], `a vars file must be a mapping of var names to values; got ${Array.isArray(src.data) ? 'a list' : typeof src.data}`);
      continue;
    }
    checkVars(src.data, [], sink);
    mergeLayer(layer, src.data, file, []);
    any = true;
  }
  return any ? layer : undefined;
}

function loadKind(inv: Inventory, dir: string, names: ReadonlyMap<string, unknown>, what: 'group' | 'host', problems: SourceProblem[]): Map<string, VarLayer> {
  const out = new Map<string, VarLayer>();
  const listing = list(dir);
  if (!listing) return out;
  const used = new Map<string, string>();
  for (const name of names.keys()) {
    const { entry, files } = filesFor(dir, listing, name);
    if (entry === undefined) continue;
    used.set(name, entry);
    const layer = loadLayer(inv, files, problems);
    if (layer) out.set(name, layer);
  }
  // Vars nobody reads are the silent failure this loader exists to end: say so.
  for (const entry of listing.keys()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const ext = extname(entry);
    if (ext && !EXTS.includes(ext)) continue;
    const stem = ext ? entry.slice(0, -ext.length) : entry;
    const winner = used.get(stem) ?? used.get(entry);
    if (winner === entry) continue;
    const file = join(dir, entry);
    const message = winner !== undefined
      ? `not read: ${winner} holds the vars of ${what} ${stem} (Ansible reads only the first of ${stem}, ${stem}.yml, ${stem}.yaml, ${stem}.json)`
      : `no ${what} named ${JSON.stringify(stem)} in the inventory: these vars apply to nothing`;
    inv.warnings.push({ file, line: 1, col: 1, path: '', message });
  }
  return out;
}

/** Loads group_vars/ and host_vars/ beside each (inventory) base for every group and host of `inv`. */
export function loadVarsBases(inv: Inventory, bases: readonly string[], problems: SourceProblem[]): VarsBase[] {
  return bases.map((base) => ({
    base,
    groups: loadKind(inv, join(base, 'group_vars'), inv.groups, 'group', problems),
    hosts: loadKind(inv, join(base, 'host_vars'), inv.hostVars, 'host', problems),
  }));
}

function samePlace(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * group_vars/ and host_vars/ beside the playbook, in `dir`. When `dir` is also an inventory base
 * its already loaded vars are returned (the same object): nothing is read or warned about twice.
 */
export function loadPlayVars(inv: Inventory, dir: string, problems: SourceProblem[]): VarsBase {
  const same = inv.varsBases.find((b) => samePlace(b.base, dir));
  if (same) return same;
  return { base: dir, groups: loadKind(inv, join(dir, 'group_vars'), inv.groups, 'group', problems), hosts: loadKind(inv, join(dir, 'host_vars'), inv.hostVars, 'host', problems) };
}

/** Every vars-file layer (inventory bases and the playbook's), each object once. */
export function varsFileLayers(inv: Inventory): VarLayer[] {
  const bases = new Set([...inv.varsBases, ...(inv.playVars ? [inv.playVars] : [])]);
  return [...bases].flatMap((b) => [...b.groups.values(), ...b.hosts.values()]);
}
