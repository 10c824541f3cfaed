/**
 * The filters tsprov supports, each as Ansible 2.14 (Jinja 3) computes it. docs/templating.md
 * lists them with examples; tests in test/unit/template/ take Ansible's output as expected.
 */
import { shq } from '../core/quote.ts';
import { pyFloatFromString, pyIntFromString } from './numbers.ts';
import { pySub } from './regex-replace.ts';
import { isMapping, isUndefined, PY_SPACE, str, truthy, typeName, Undefined, type Value } from './values.ts';

export interface CallSpec {
  /** Parameter names after the input, in order; the first `required` must be given. */
  params: string[];
  required?: number;
  /** Accepts an Undefined input (only `default` and `mandatory` among filters). */
  undefinedOk?: boolean;
}

export interface FilterSpec extends CallSpec {
  apply(input: Value, args: Value[]): Value;
}

/** A filter's own failure; the evaluator adds the position. */
export class FilterError extends Error {}

const text = (v: Value): string => str(v);
const chars = (s: string): string[] => [...s];
const pyStrip = (s: string, set?: string): string => {
  const cls = set === undefined ? `[${PY_SPACE}]` : `[${set.replace(/[\\\]^-]/g, '\\$&')}]`;
  return set === '' ? s : s.replace(new RegExp(`^${cls}+|${cls}+$`, 'gu'), '');
};

function sequence(name: string, v: Value): Value[] | string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v;
  if (isMapping(v)) return Object.keys(v);
  throw new FilterError(`${name}: a ${typeName(v)} is not a sequence`);
}

function toInt(v: Value, dflt: Value, base: Value): Value {
  if (typeof base !== 'number' || !Number.isInteger(base)) throw new FilterError('int: base must be an integer');
  const viaFloat = (f: number | undefined): Value => {
    if (f === undefined || Number.isNaN(f)) return dflt;
    // Jinja before 3.1.3 (what ansible-core 2.14 ships with) raises here rather than return the default.
    if (!Number.isFinite(f)) throw new FilterError('int: cannot convert float infinity to integer');
    return Math.trunc(f) || 0;
  };
  if (typeof v === 'string') {
    const n = pyIntFromString(v, base);
    if (n !== undefined) return n;
    return viaFloat(pyFloatFromString(v));
  }
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return viaFloat(v);
  return dflt;
}

function toBool(v: Value): Value {
  if (v === null || typeof v === 'boolean') return v;
  const x = typeof v === 'string' ? v.toLowerCase() : v;
  // Python's `in` on ('yes', 'on', '1', 'true', 1) uses ==, so 1.0 counts; True was handled above.
  return x === 'yes' || x === 'on' || x === '1' || x === 'true' || x === 1;
}

function first(v: Value, last: boolean): Value {
  const seq = sequence(last ? 'last' : 'first', v);
  const items = typeof seq === 'string' ? chars(seq) : seq;
  if (items.length === 0) return new Undefined(`No ${last ? 'last' : 'first'} item, sequence was empty.`);
  return last ? items[items.length - 1] : items[0];
}

function replace(v: Value, old: Value, repl: Value, count: Value): Value {
  const s = text(v);
  const o = text(old);
  const r = text(repl);
  let n = count === null || count === undefined ? -1 : Number(count);
  if (!Number.isInteger(n)) throw new FilterError('replace: count must be an integer');
  if (n < 0) n = Infinity;
  // Python's str.replace: an empty `old` matches between every character, both ends included.
  const pieces = o === '' ? ['', ...chars(s), ''] : s.split(o);
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i++) out += (i <= n ? r : o) + pieces[i];
  return out;
}

function join(v: Value, sep: Value): Value {
  const seq = sequence('join', v);
  return (typeof seq === 'string' ? chars(seq) : seq).map(text).join(text(sep));
}

function length(v: Value): Value {
  if (typeof v === 'string') return chars(v).length;
  if (Array.isArray(v)) return v.length;
  if (isMapping(v)) return Object.keys(v).length;
  throw new FilterError(`length: object of type '${typeName(v)}' has no len()`);
}

export const FILTERS: Record<string, FilterSpec> = {
  default: {
    params: ['default_value', 'boolean'],
    undefinedOk: true,
    apply: (v, [d = '', b = false]) => (isUndefined(v) || (truthy(b) && !truthy(v)) ? d : v),
  },
  mandatory: {
    params: ['msg'],
    undefinedOk: true,
    apply: (v, [msg]) => {
      if (isUndefined(v)) throw new FilterError(msg === undefined ? `Mandatory variable not defined (${v.hint})` : text(msg));
      return v;
    },
  },
  lower: { params: [], apply: (v) => text(v).toLowerCase() },
  upper: { params: [], apply: (v) => text(v).toUpperCase() },
  capitalize: {
    params: [],
    apply: (v) => {
      const [h = '', ...t] = chars(text(v));
      return h.toUpperCase() + t.join('').toLowerCase();
    },
  },
  int: { params: ['default', 'base'], apply: (v, [d = 0, base = 10]) => toInt(v, d, base) },
  bool: { params: [], apply: (v) => toBool(v) },
  string: { params: [], apply: (v) => text(v) },
  quote: { params: [], apply: (v) => shq(v === null ? '' : text(v)) },
  join: { params: ['d'], apply: (v, [sep = '']) => join(v, sep) },
  replace: { params: ['old', 'new', 'count'], required: 2, apply: (v, [o, r, c]) => replace(v, o, r, c) },
  regex_replace: {
    params: ['pattern', 'replacement', 'ignorecase', 'multiline'],
    apply: (v, [pattern = '', repl = '', ic = false, ml = false]) => {
      try {
        return pySub(text(v), text(pattern), text(repl), { ignorecase: truthy(ic), multiline: truthy(ml) });
      } catch (e) {
        throw new FilterError(`regex_replace: ${(e as Error).message}`);
      }
    },
  },
  trim: { params: ['chars'], apply: (v, [c]) => pyStrip(text(v), c === undefined || c === null ? undefined : text(c)) },
  length: { params: [], apply: length },
  first: { params: [], apply: (v) => first(v, false) },
  last: { params: [], apply: (v) => first(v, true) },
  list: {
    params: [],
    apply: (v) => {
      const seq = sequence('list', v);
      return typeof seq === 'string' ? chars(seq) : [...seq];
    },
  },
};
// Jinja's own aliases.
FILTERS.d = FILTERS.default!;
FILTERS.count = FILTERS.length!;
