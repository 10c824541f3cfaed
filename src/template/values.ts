/**
 * Values as Jinja sees them, on top of the JS values YAML gives us. Python's rules are kept
 * where a template's output depends on them: str() of True is "True", of a list "['a', 1]",
 * truthiness of '' / 0 / [] / {} / None is false. An undefined var is a value of its own
 * (Undefined) that only `default`, `mandatory` and the `defined`/`undefined` tests may touch.
 */
export class Undefined {
  /** `hint` is Jinja's message: "'x' is undefined", "'dict object' has no attribute 'y'". */
  constructor(readonly hint: string) {}
}

export type Value = unknown;

export const isUndefined = (v: Value): v is Undefined => v instanceof Undefined;
export const isMapping = (v: Value): v is Record<string, Value> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUndefined(v);

/** Python's type name, as Jinja's messages use it. */
export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  if (isUndefined(v)) return 'Undefined';
  return 'dict';
}

/** Python's truthiness. */
export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return true;
}

// YAML gives 1.0 as the number 1, so an integral float cannot be told from an int: it prints as
// an int. Other floats print as Python's repr does (shortest round-trip, `1e+20` style).
function numberText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const s = String(n);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
  // Python switches to exponent notation from 1e16; JS only from 1e21.
  if (Math.abs(n) >= 1e16) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

/** Python's repr() of a string: single quotes unless the text holds ' and no ". */
function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

/** Python's repr(), used inside containers. */
export function repr(v: Value): string {
  if (typeof v === 'string') return strRepr(v);
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (isMapping(v)) return `{${Object.entries(v).map(([k, x]) => `${strRepr(k)}: ${repr(x)}`).join(', ')}}`;
  return str(v);
}

/** Python's str(). */
export function str(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return numberText(v);
  return repr(v);
}

/** What `{{ v }}` inside text writes: like str(), except that None writes nothing (Ansible's finalize). */
export function outputText(v: Value): string {
  return v === null || v === undefined ? '' : str(v);
}

/** Python's ==: 1 == 1.0 == True, containers compared item by item. */
export function equal(a: Value, b: Value): boolean {
  const num = (x: Value): number | undefined => (typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na === nb;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMapping(a) || isMapping(b)) {
    if (!isMapping(a) || !isMapping(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return a === b;
}

/** Python's whitespace (str.isspace), which is not JS's \s: it has \x1c-\x1f and lacks U+FEFF. */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
