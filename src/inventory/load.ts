import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { parseIni } from '../config/ini.ts';
import { readRegularFile } from '../config/read-file.ts';
import { loadYamlFile, parseYamlText, sortProblems, type SourceFile } from '../config/source.ts';
import { computeDepths } from './depth.ts';
import { hostListSource } from './host-list.ts';
import type { Inventory } from './model.ts';
import { reconcile } from './reconcile.ts';
import { redactProblems } from './secrets.ts';
import { resolveSources, type InventorySource } from './sources.ts';
import { loadExtraVars } from './extra-vars.ts';
import { loadPlayVars, loadVarsBases } from './vars-files.ts';
import { group, link, walkFile } from './walk.ts';

function emptyInventory(): Inventory {
  const inv: Inventory = { hosts: [], groups: new Map(), hostVars: new Map(), memberOf: new Map(), sources: [], hostAt: new Map(), varsBases: [], warnings: [] };
  // Ansible creates both first, `ungrouped` as the first child of `all`.
  link(inv, 'all', 'ungrouped');
  return inv;
}

/** memberOf lists in `groups` order (groupsOf's order), not in the order the walk met them. */
function orderMemberships(inv: Inventory): void {
  const rank = new Map<object, number>();
  for (const g of inv.groups.values()) rank.set(g, rank.size);
  for (const list of inv.memberOf.values()) if (list.length > 1) list.sort((a, b) => rank.get(a)! - rank.get(b)!);
}

/** A file with no extension is YAML when it reads as a YAML mapping, else INI (Ansible tries yaml, then ini). */
function looksLikeIni(text: string): boolean {
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#') && !l.startsWith(';'));
  return first === undefined || first.startsWith('[') || !/:(\s|$)/.test(first);
}

function parseFile(inv: Inventory, source: Extract<InventorySource, { kind: 'file' }>, problems: SourceProblem[]): SourceFile | undefined {
  if (source.format === 'yaml') return loadYamlFile(source.file, problems, { ansible: true });
  const read = readRegularFile(source.file);
  if (!read.ok) {
    problems.push({ file: source.file, line: 1, col: 1, path: '', message: read.message });
    return undefined;
  }
  if (source.format === 'sniff') {
    const yamlProblems: SourceProblem[] = [];
    const yaml = parseYamlText(source.file, read.text, yamlProblems, { ansible: true });
    const isMap = !!yaml.data && typeof yaml.data === 'object' && !Array.isArray(yaml.data);
    if ((yamlProblems.length === 0 && isMap) || (yamlProblems.length > 0 && !looksLikeIni(read.text))) {
      problems.push(...yamlProblems);
      return yaml;
    }
  }
  return parseIni(source.file, read.text, problems, new Set(inv.groups.keys()));
}

/**
 * Loads and validates inventory sources into `problems` (nothing thrown): files (YAML or INI),
 * directories of them, `h1,h2,` host lists, then group_vars/ and host_vars/ beside each and,
 * given `playbookDir` (the playbook's directory), beside the playbook.
 * Later sources override earlier ones.
 */
export function collectInventory(args: readonly string[], problems: SourceProblem[], extraVars: readonly string[] = [], playbookDir?: string): Inventory {
  const inv = emptyInventory();
  const { sources, varsBases } = resolveSources(args);
  for (const source of sources) {
    const src = source.kind === 'hostlist' ? hostListSource(source.text) : parseFile(inv, source, problems);
    if (!src) continue;
    inv.sources.push(src);
    if (src.data !== undefined) walkFile(inv, src, problems, { ranges: source.kind !== 'hostlist' });
  }
  group(inv, 'all');
  reconcile(inv);
  orderMemberships(inv);
  computeDepths(inv, problems);
  inv.varsBases = loadVarsBases(inv, varsBases, problems);
  if (playbookDir !== undefined) inv.playVars = loadPlayVars(inv, playbookDir, problems);
  if (extraVars.length) inv.extraVars = loadExtraVars(extraVars, problems, inv.sources);
  for (const [name, at] of inv.hostAt) {
    if (inv.groups.has(name)) {
      inv.warnings.push({ ...at, message: `host "${name}" has the same name as a group: the pattern "${name}" selects the host and every host of the group` });
    }
  }
  return inv;
}

/** Loads inventory sources, -e vars and the playbook's vars files; throws ConfigError listing every problem. */
export function loadInventory(args: readonly string[], extraVars: readonly string[] = [], playbookDir?: string): Inventory {
  const problems: SourceProblem[] = [];
  const inv = collectInventory(args, problems, extraVars, playbookDir);
  if (problems.length) throw new ConfigError(sortProblems(redactProblems(inv, problems)));
  return inv;
}
