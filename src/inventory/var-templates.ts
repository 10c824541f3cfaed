/**
 * `validate`'s static checks of the templates inside inventory vars (inventory files, group_vars/,
 * host_vars/, -e): every `{{ }}` must parse, with known filters and tests, and no `{% %}`
 * statements, wherever it is written and whether or not a task uses it; and no host's vars may
 * form a reference loop that rendering would always hit (`a: "{{ b }}"`, `b: "{{ a }}"`).
 * Nothing is evaluated: an undefined var is no problem here (it may come from facts or the play).
 */
import type { SourceProblem } from '../core/errors.ts';
import type { Host } from '../core/host.ts';
import { formatPath, pathKey, type PathSeg, type SourceFile } from '../config/source.ts';
import { locateInValue } from '../config/value-position.ts';
import { certainRefs, checkTemplate, hasTemplate } from '../template/index.ts';
import type { Inventory, Origin, VarLayer } from './model.ts';
import { resolveVars } from './resolve.ts';

/** Every string holding template markup inside a value, with its path below the value. */
function* templatedStrings(v: unknown, path: PathSeg[] = []): Generator<[PathSeg[], string]> {
  if (typeof v === 'string') {
    if (hasTemplate(v)) yield [path, v];
  } else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* templatedStrings(x, [...path, i]);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* templatedStrings(x, [...path, k]);
}

function layersOf(inv: Inventory): VarLayer[] {
  return [...inv.groups.values(), ...inv.hostVars.values(), ...inv.varsBases.flatMap((b) => [...b.groups.values(), ...b.hosts.values()]), ...(inv.extraVars ? [inv.extraVars] : [])];
}

type Sources = Map<string, SourceFile>;

/** A problem at character `offset` of `text`, the string at `sub` below the var written at `o`. */
function placed(sources: Sources, o: Origin, sub: PathSeg[], text: string, offset: number, message: string): SourceProblem {
  const path = [...o.path, ...sub];
  const src = sources.get(o.file);
  const pos = src ? locateInValue(src, path, text, offset) : { line: 1, col: 1 };
  return { file: o.file, ...pos, path: formatPath(path), message };
}

/** Syntax, unknown filters and tests, statements: once per place a var is written. */
function syntaxProblems(inv: Inventory, sources: Sources, problems: SourceProblem[]): void {
  const seen = new Set<string>();
  for (const layer of layersOf(inv)) {
    for (const [name, value] of Object.entries(layer.vars)) {
      const o = layer.origins[name];
      if (!o || !hasTemplate(value)) continue;
      const id = `${o.file}\u0000${pathKey(o.path)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const [sub, text] of templatedStrings(value)) {
        const e = checkTemplate(text);
        if (e) problems.push(placed(sources, o, sub, text, e.offset, `${e.message} (at character ${e.offset + 1} of ${JSON.stringify(text)})`));
      }
    }
  }
}

/** For each templated var of a host, the templated vars it always reads, and where (sub-path, text, offset). */
type Edges = Map<string, Map<string, { sub: PathSeg[]; text: string; at: number }>>;

function edgesOf(vars: Record<string, unknown>, refs: Map<string, Map<string, number> | undefined>): Edges {
  const out: Edges = new Map();
  for (const [name, value] of Object.entries(vars)) {
    if (!hasTemplate(value)) continue;
    const to = new Map<string, { sub: PathSeg[]; text: string; at: number }>();
    for (const [sub, text] of templatedStrings(value)) {
      let r = refs.get(text);
      if (!refs.has(text)) refs.set(text, (r = certainRefs(text)));
      for (const [ref, at] of r ?? []) if (!to.has(ref) && Object.hasOwn(vars, ref) && hasTemplate(vars[ref])) to.set(ref, { sub, text, at });
    }
    out.set(name, to);
  }
  return out;
}

/** Every cycle of the graph, each once, rotated to start at its least name. */
function cycles(edges: Edges): string[][] {
  const found = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n)?.keys() ?? []) {
      if (state.get(m) === 'open') {
        const loop = stack.slice(stack.indexOf(m));
        const least = loop.indexOf([...loop].sort()[0]!);
        const rotated = [...loop.slice(least), ...loop.slice(0, least)];
        found.set(rotated.join('\u0000'), rotated);
      } else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of edges.keys()) if (!state.has(n)) visit(n);
  return [...found.values()];
}

/** Reference loops through vars that always use the next one: rendering any of them must fail. */
function loopProblems(inv: Inventory, hosts: readonly Host[], sources: Sources, problems: SourceProblem[]): void {
  const refs = new Map<string, Map<string, number> | undefined>();
  const reported = new Set<string>();
  for (const host of hosts) {
    const edges = edgesOf(host.vars, refs);
    if (edges.size === 0) continue;
    const loops = cycles(edges);
    if (loops.length === 0) continue;
    const { origins } = resolveVars(inv, host.name);
    for (const loop of loops) {
      const first = loop[0]!;
      const o = origins[first];
      if (!o) continue;
      const id = `${loop.join('\u0000')}\u0000${o.file}\u0000${pathKey(o.path)}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const edge = edges.get(first)!.get(loop[1 % loop.length]!)!;
      const chain = [...loop, first].join(' → ');
      problems.push(placed(sources, o, edge.sub, edge.text, edge.at, `reference loop: ${chain} (on host ${host.name}; each var always uses the next, so rendering any of them fails)`));
    }
  }
}

/** Template problems in inventory vars, positioned inside the value where its source allows. */
export function checkVarTemplates(inv: Inventory, hosts: readonly Host[], problems: SourceProblem[]): void {
  const sources: Sources = new Map();
  for (const s of inv.sources) if (!sources.has(s.file)) sources.set(s.file, s);
  syntaxProblems(inv, sources, problems);
  loopProblems(inv, hosts, sources, problems);
}
