/** Rendering: template text + a Scope in, text (or, for a lone expression, a value) out. */
import type { Node } from './ast.ts';
import { TemplateError } from './errors.ts';
import { bindArgs, evaluate, unknownMessage } from './evaluate.ts';
import { FILTERS } from './filters.ts';
import { scan, type Segment } from './scan.ts';
import { LazyMap, Scope } from './scope.ts';
import { TESTS } from './tests.ts';
import { isUndefined, outputText, type Value } from './values.ts';

function children(n: Node): Node[] {
  switch (n.type) {
    case 'lit':
    case 'name':
      return [];
    case 'get':
      return [n.obj, n.key];
    case 'list':
      return n.items;
    case 'dict':
      return n.entries.flat();
    case 'filter':
      return [n.input, ...n.args, ...Object.values(n.kwargs)];
    case 'test':
      return [n.input, ...n.args];
    case 'not':
    case 'neg':
      return [n.operand];
    case 'bool':
    case 'arith':
      return [n.left, n.right];
    case 'compare':
      return [n.first, ...n.rest.map((r) => r.right)];
    case 'concat':
      return n.parts;
    case 'cond':
      return [n.test, n.then, ...(n.else ? [n.else] : [])];
  }
}

/** Calls `f` on `n` and every node below it, in reading order. */
export function walkNodes(n: Node, f: (n: Node) => void): void {
  f(n);
  children(n).forEach((c) => walkNodes(c, f));
}

/** The `{{ }}` expressions of a text (none when it does not parse: that is reported elsewhere), for static checks. */
export function expressionsOf(text: string): Node[] {
  try {
    return segments(text).flatMap((s) => (s.kind === 'expr' ? [s.node] : []));
  } catch (e) {
    if (e instanceof TemplateError) return [];
    throw e;
  }
}

/** Filters and tests exist and get arguments they take: wrong on every host, so a load-time error. */
function checkCalls(n: Node): void {
  if (n.type === 'filter' || n.type === 'test') {
    const table = n.type === 'filter' ? FILTERS : TESTS;
    const spec = Object.hasOwn(table, n.name) ? table[n.name] : undefined;
    if (!spec) throw new TemplateError(unknownMessage(n.type, n.name), n.at);
    bindArgs(n.type, n.name, spec, n.args.length, Object.keys(n.type === 'filter' ? n.kwargs : {}), n.at);
  }
  children(n).forEach(checkCalls);
}

export interface RenderOptions {
  /**
   * A template file (the `template` module): Jinja's backslash escapes apply in its string
   * literals. Elsewhere (task args, vars) they are literal, as Ansible makes them.
   */
  file?: boolean;
}

const parsed = [new Map<string, Segment[]>(), new Map<string, Segment[]>()];

/** The segments of a text, checked; cached because the same task text is rendered for every host. */
function segments(text: string, opts: RenderOptions = {}): Segment[] {
  const cache = parsed[opts.file ? 1 : 0]!;
  let s = cache.get(text);
  if (!s) {
    s = scan(text, { escapes: !!opts.file });
    for (const seg of s) if (seg.kind === 'expr') checkCalls(seg.node);
    if (cache.size > 10_000) cache.clear();
    cache.set(text, s);
  }
  return s;
}

/** The first problem in a template text that no vars could fix (syntax, unknown filter or test, bad arguments), or undefined. */
export function checkTemplate(text: string, opts: RenderOptions = {}): TemplateError | undefined {
  try {
    segments(text, opts);
    return undefined;
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
}

function finish(v: Value, at: number): Value {
  if (isUndefined(v)) throw new TemplateError(v.hint, at);
  if (v instanceof LazyMap) return Object.fromEntries(v.keys().map((k) => [k, v.get(k)]));
  return v;
}

/** Whether the text is one `{{ expression }}` and nothing else but surrounding whitespace. */
export function isSoleExpression(text: string): boolean {
  if (!text.trim().startsWith('{{')) return false;
  try {
    const s = segments(text.trim());
    return s.length === 1 && s[0]!.kind === 'expr';
  } catch {
    return false;
  }
}

/**
 * A lone `{{ expression }}` gives its value with its type (a number stays a number, a list a
 * list), as Ansible does for a module argument; anything else gives text.
 */
export function renderValue(text: string, scope: Scope): Value {
  if (isSoleExpression(text)) {
    const offset = text.indexOf('{{');
    const seg = segments(text.trim())[0] as Extract<Segment, { kind: 'expr' }>;
    try {
      return finish(evaluate(seg.node, scope), seg.node.at);
    } catch (e) {
      if (e instanceof TemplateError && e.via.length === 0) throw new TemplateError(e.message, e.offset + offset);
      throw e;
    }
  }
  return renderText(text, scope);
}

/** The text with every expression rendered as Ansible writes it into a file (None → ''). */
export function renderText(text: string, scope: Scope, opts: RenderOptions = {}): string {
  let out = '';
  for (const seg of segments(text, opts)) out += seg.kind === 'text' ? seg.text : outputText(finish(evaluate(seg.node, scope), seg.node.at));
  return out;
}

const scopes = new WeakMap<object, Scope>();

/**
 * The scope over plain vars whose own `{{ }}` are rendered lazily, when used. One per vars
 * object, so a var used by many tasks of a host is rendered once (the object must not change
 * after its first use).
 */
export function scopeOf(vars: Readonly<Record<string, unknown>>): Scope {
  let s = scopes.get(vars);
  if (!s) scopes.set(vars, (s = new Scope(vars, renderValue)));
  return s;
}
