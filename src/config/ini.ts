import { LineCounter, parseDocument } from 'yaml';
import type { SourceProblem } from '../core/errors.ts';
import { pyLiteral } from './py-literal.ts';
import { shlexSplit } from './shlex.ts';
import { pathKey, type PathSeg, type PositionIndex, type SourceFile } from './source.ts';

/**
 * Ansible's INI inventory (plugins/inventory/ini.py in ansible-core 2.14), read into the same
 * tree a YAML inventory gives (`group: {hosts, vars, children}`), so one walker checks both; the
 * position of every key and value is kept in the SourceFile's index. Values are typed as
 * Ansible types them: Python literals (`22`, `True`, `'x'`, `[1]`) on host lines and in
 * `[group:vars]` alike, anything else a string. Host keys keep their ranges and `:port`; the
 * walker expands them as it does YAML keys. Pure.
 */

type Obj = Record<string, unknown>;
interface GroupNode {
  hosts?: Obj;
  vars?: Obj;
  children?: Obj;
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/u;
const GROUPNAME = /^([^:\]\s]+)\s*(?:#.*)?$/u;
// Python's str.splitlines() boundaries.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

interface Pending {
  state: 'vars' | 'children';
  at: number;
  parent?: string;
}

/**
 * Parses INI text. `known` holds the groups earlier inventory sources defined: a
 * `[g:children]` entry or `[g:vars]` section may name those without defining them here.
 */
export function parseIni(file: string, text: string, problems: SourceProblem[], known: ReadonlySet<string>): SourceFile {
  const lines = new LineCounter();
  const index: PositionIndex = new Map();
  const tree: Record<string, GroupNode> = {};
  const defined = new Set<string>(known);
  defined.add('all').add('ungrouped');
  const pending = new Map<string, Pending>();
  const problem = (at: number, path: PathSeg[], message: string): void => {
    const pos = lines.linePos(at);
    problems.push({ file, line: pos.line, col: pos.col, path: path.join('.'), message });
  };
  const record = (path: PathSeg[], key: number, value = key): void => {
    index.set(pathKey(path), { key, value });
  };
  const node = (g: string, at: number): GroupNode => {
    if (!tree[g]) {
      tree[g] = {};
      record([g], at);
    }
    return tree[g];
  };

  let group = 'ungrouped';
  let state = 'hosts';
  let offset = 0;
  const starts: Array<[number, string]> = [];
  for (const m of text.matchAll(LINE_BREAK)) {
    starts.push([offset, text.slice(offset, m.index)]);
    offset = m.index + m[0].length;
  }
  if (offset < text.length || starts.length === 0) starts.push([offset, text.slice(offset)]);
  for (const [s] of starts) lines.addNewLine(s);

  for (const [lineStart, raw] of starts) {
    const lead = raw.length - raw.trimStart().length;
    const line = raw.trim();
    const at = lineStart + lead;
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const sec = SECTION.exec(line);
    if (sec) {
      group = sec[1]!;
      state = sec[2] ?? 'hosts';
      if (!['hosts', 'children', 'vars'].includes(state)) {
        problem(at, [group], `section [${group}:${state}] has unknown type "${state}" (use [${group}], [${group}:vars] or [${group}:children])`);
        state = 'skip';
        continue;
      }
      if (!defined.has(group) && state === 'vars' && !pending.has(group)) pending.set(group, { state: 'vars', at });
      if (state !== 'vars') pending.delete(group);
      if (state !== 'vars') defined.add(group);
      const g = node(group, at + 1);
      if (state === 'vars') g.vars ??= {};
      if (state === 'children') g.children ??= {};
      if (state === 'hosts') g.hosts ??= {};
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      problem(at, [], `invalid section ${JSON.stringify(line)}: a section is [group], [group:vars] or [group:children], with no spaces`);
      state = 'skip';
      continue;
    }
    if (state === 'skip') continue;
    if (state === 'hosts') hostLine(line, at, group);
    else if (state === 'vars') varLine(line, at, group);
    else childLine(line, at, group);
  }
  for (const [name, p] of pending) {
    if (p.state === 'vars') problem(p.at, [name], `section [${name}:vars] is for a group that is never defined (add a [${name}] or [${name}:children] section)`);
    else problem(p.at, [p.parent!, 'children', name], `[${p.parent}:children] includes ${name}, a group that is never defined (add a [${name}] section)`);
  }
  const doc = parseDocument('');
  return { file, doc, lines, data: tree, index, text };

  function hostLine(line: string, at: number, g: string): void {
    const split = shlexSplit(line);
    if (!split.ok) return problem(at + split.at, [g, 'hosts'], `cannot split host line: ${split.message}`);
    const [first, ...rest] = split.tokens;
    if (!first) return;
    const pattern = first.text;
    if (pattern === '---') return problem(at, [g, 'hosts'], 'invalid host "---": this looks like a YAML file (name it .yml)');
    if (/:$/.test(pattern)) return problem(at + first.start, [g, 'hosts', pattern], `invalid host ${JSON.stringify(pattern)}: a trailing ":" must be followed by a port`);
    const hosts = (node(g, at).hosts ??= {});
    const path = [g, 'hosts', pattern];
    if (!index.has(pathKey(path))) record(path, at + first.start);
    const vars = (hosts[pattern] ??= {}) as Obj;
    for (const t of rest) {
      if (t.valueStart === undefined) {
        problem(at + t.start, path, `expected key=value after the host name, got ${JSON.stringify(t.text)}`);
        continue;
      }
      const eq = t.text.indexOf('=');
      const k = t.text.slice(0, eq);
      vars[k] = pyLiteral(t.text.slice(eq + 1));
      record([...path, k], at + t.start, at + t.valueStart);
    }
  }

  function varLine(line: string, at: number, g: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) return problem(at, [g, 'vars'], `expected key=value in [${g}:vars], got ${JSON.stringify(line)}`);
    const k = line.slice(0, eq).trim();
    const rawValue = line.slice(eq + 1);
    const v = rawValue.trim();
    (node(g, at).vars ??= {})[k] = pyLiteral(v);
    record([g, 'vars', k], at, at + eq + 1 + (rawValue.length - rawValue.trimStart().length));
  }

  function childLine(line: string, at: number, g: string): void {
    const m = GROUPNAME.exec(line);
    if (!m) return problem(at, [g, 'children'], `expected a group name in [${g}:children], got ${JSON.stringify(line)}`);
    const child = m[1]!;
    if (!defined.has(child) && !pending.has(child)) pending.set(child, { state: 'children', at, parent: g });
    (node(g, at).children ??= {})[child] = null;
    record([g, 'children', child], at);
  }
}
