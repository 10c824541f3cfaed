/** Evaluates an expression tree in a Scope, with Jinja's semantics for the supported subset. */
import type { Node } from './ast.ts';
import { TemplateError } from './errors.ts';
import { FILTERS, type CallSpec } from './filters.ts';
import { LazyMap, type Scope } from './scope.ts';
import { TESTS } from './tests.ts';
import { equal, isMapping, isUndefined, str, truthy, typeName, Undefined, type Value } from './values.ts';

const fail = (message: string, at: number): TemplateError => new TemplateError(message, at);

/** An Undefined may only be tested or defaulted; anything else that meets one fails with its hint. */
function defined(v: Value, at: number): Value {
  if (isUndefined(v)) throw fail(v.hint, at);
  return v;
}

/** Binds positional and keyword arguments to a filter's or test's parameters (checked at load time too). */
export function bindArgs(kind: string, name: string, spec: CallSpec, nArgs: number, kwNames: string[], at: number): number[] {
  const slots: number[] = [];
  if (nArgs > spec.params.length) throw fail(`${kind} ${name} takes at most ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'}, got ${nArgs}`, at);
  for (let i = 0; i < nArgs; i++) slots.push(i);
  for (const k of kwNames) {
    const idx = spec.params.indexOf(k);
    if (idx < 0) throw fail(`${kind} ${name} has no argument ${JSON.stringify(k)} (it takes: ${spec.params.join(', ') || 'none'})`, at);
    if (idx < nArgs) throw fail(`${kind} ${name}: argument ${k} given twice`, at);
    slots.push(idx);
  }
  const given = new Set(slots);
  for (let i = 0; i < (spec.required ?? 0); i++) {
    if (!given.has(i)) throw fail(`${kind} ${name} needs its argument ${spec.params[i]}`, at);
  }
  return slots;
}

function getItem(obj: Value, key: Value): Value {
  // Ansible's undefined is chainable: `{{ a.b | default(1) }}` works when `a` is undefined.
  if (isUndefined(obj)) return obj;
  if (obj instanceof LazyMap) return typeof key === 'string' ? (obj.get(key) ?? new Undefined(`'hostvars' has no host '${key}'`)) : new Undefined(`'hostvars' has no host ${str(key)}`);
  if (Array.isArray(obj)) {
    if (typeof key === 'number' && Number.isInteger(key)) {
      const i = key < 0 ? obj.length + key : key;
      return i >= 0 && i < obj.length ? obj[i] : new Undefined('list object has no element ' + str(key));
    }
    return new Undefined(`'list object' has no attribute '${str(key)}'`);
  }
  if (isMapping(obj)) {
    const k = typeof key === 'string' ? key : str(key);
    return Object.hasOwn(obj, k) ? obj[k] : new Undefined(`'dict object' has no attribute '${k}'`);
  }
  if (typeof obj === 'string' && typeof key === 'number' && Number.isInteger(key)) {
    const chars = [...obj];
    const i = key < 0 ? chars.length + key : key;
    return i >= 0 && i < chars.length ? chars[i] : new Undefined(`string index out of range`);
  }
  return new Undefined(`'${typeName(obj)} object' has no attribute '${str(key)}'`);
}

function order(a: Value, b: Value, op: string, at: number): boolean {
  const num = (x: Value): number | undefined => (typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : undefined);
  const na = num(a);
  const nb = num(b);
  let c: number;
  if (na !== undefined && nb !== undefined) c = na < nb ? -1 : na > nb ? 1 : 0;
  else if (typeof a === 'string' && typeof b === 'string') c = a < b ? -1 : a > b ? 1 : 0;
  else throw fail(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`, at);
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

function contains(container: Value, item: Value, at: number): boolean {
  if (container instanceof LazyMap) return typeof item === 'string' && container.has(item);
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw fail(`'in <string>' requires string as left operand, not ${typeName(item)}`, at);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => equal(x, item));
  if (isMapping(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw fail(`argument of type '${typeName(container)}' is not iterable`, at);
}

function arith(op: '+' | '-', a: Value, b: Value, at: number): Value {
  const isNum = (x: Value): x is number | boolean => typeof x === 'number' || typeof x === 'boolean';
  if (isNum(a) && isNum(b)) return op === '+' ? Number(a) + Number(b) : Number(a) - Number(b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw fail(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`, at);
}

/** A LazyMap leaving the evaluator (printed, filtered) becomes a plain mapping. */
function materialise(v: Value): Value {
  if (!(v instanceof LazyMap)) return v;
  return Object.fromEntries(v.keys().map((k) => [k, v.get(k)]));
}

export function evaluate(node: Node, scope: Scope): Value {
  const ev = (n: Node): Value => evaluate(n, scope);
  const val = (n: Node): Value => materialise(defined(ev(n), n.at));
  switch (node.type) {
    case 'lit':
      return node.value;
    case 'name':
      return scope.get(node.name, node.at);
    case 'get':
      return getItem(ev(node.obj), val(node.key));
    case 'list':
      return node.items.map(val);
    case 'dict':
      return Object.fromEntries(node.entries.map(([k, v]) => [str(val(k)), val(v)]));
    case 'not':
      return !truthy(val(node.operand));
    case 'neg': {
      const v = val(node.operand);
      if (typeof v !== 'number' && typeof v !== 'boolean') throw fail(`bad operand type for unary -: '${typeName(v)}'`, node.at);
      return -Number(v);
    }
    case 'bool': {
      const left = val(node.left);
      // Python's and/or return an operand, not a boolean.
      if (node.op === 'and') return truthy(left) ? val(node.right) : left;
      return truthy(left) ? left : val(node.right);
    }
    case 'compare': {
      let left = val(node.first);
      for (const r of node.rest) {
        const right = val(r.right);
        const ok =
          r.op === '==' ? equal(left, right) : r.op === '!=' ? !equal(left, right) : r.op === 'in' ? contains(right, left, r.at) : r.op === 'not in' ? !contains(right, left, r.at) : order(left, right, r.op, r.at);
        if (!ok) return false;
        left = right;
      }
      return true;
    }
    case 'arith':
      return arith(node.op, val(node.left), val(node.right), node.at);
    case 'concat':
      return node.parts.map((p) => str(val(p))).join('');
    case 'cond':
      if (truthy(val(node.test))) return ev(node.then);
      return node.else ? ev(node.else) : new Undefined('the inline if expression evaluated to false and no else section was defined');
    case 'filter':
    case 'test': {
      const table = node.type === 'filter' ? FILTERS : TESTS;
      const spec = Object.hasOwn(table, node.name) ? table[node.name] : undefined;
      if (!spec) throw fail(unknownMessage(node.type, node.name), node.at);
      const kw = node.type === 'filter' ? node.kwargs : {};
      const slots = bindArgs(node.type, node.name, spec, node.args.length, Object.keys(kw), node.at);
      const input = spec.undefinedOk ? ev(node.input) : val(node.input);
      const values = [...node.args, ...Object.values(kw)].map(val);
      const args: Value[] = [];
      slots.forEach((slot, i) => (args[slot] = values[i]));
      try {
        const out = (spec.apply as (v: Value, a: Value[]) => Value)(materialise(input), args);
        return node.type === 'test' ? out !== node.negate : out;
      } catch (e) {
        if (e instanceof TemplateError) throw e;
        throw fail((e as Error).message, node.at);
      }
    }
  }
}

export function unknownMessage(kind: 'filter' | 'test', name: string): string {
  const known = Object.keys(kind === 'filter' ? FILTERS : TESTS).sort();
  return `unknown ${kind} ${JSON.stringify(name)} (tsprov supports: ${known.join(', ')}; see docs/templating.md)`;
}
