/**
 * The part of Python's ast.literal_eval that Ansible's INI inventory relies on: a value that
 * reads as a Python literal (`22`, `'text'`, `True`, `None`, `[1, 2]`, `{'a': 1}`) becomes that
 * value; anything else stays the text it was (`yes`, `true`, `0644` and `a b` are strings).
 * Tuples become lists, as they do in Ansible's JSON output. Pure.
 */

type Py = string | number | boolean | null | Py[] | { [k: string]: Py };

const NO = Symbol('not a literal');

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws(): void {
    while (this.i < this.s.length && /[ \t\f]/.test(this.s[this.i]!)) this.i++;
  }
  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }
  eat(c: string): boolean {
    if (this.peek() !== c) return false;
    this.i++;
    return true;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

function readString(r: Reader): string | typeof NO {
  const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(r.s.slice(r.i));
  if (!m) return NO;
  const raw = /r/i.test(m[1]!);
  const quote = m[2]!;
  r.i += m[0].length;
  let out = '';
  while (r.i < r.s.length) {
    if (r.s.startsWith(quote, r.i)) {
      r.i += quote.length;
      return out;
    }
    const c = r.s[r.i]!;
    if (c === '\n' && quote.length === 1) return NO;
    if (c === '\\' && !raw) {
      const n = r.s[r.i + 1] ?? '';
      const hex = /^x([0-9a-fA-F]{2})|^u([0-9a-fA-F]{4})/.exec(r.s.slice(r.i + 1));
      if (hex) {
        out += String.fromCharCode(parseInt(hex[1] ?? hex[2]!, 16));
        r.i += 1 + hex[0].length;
        continue;
      }
      // Python keeps an unknown escape as both characters.
      out += ESCAPES[n] ?? `\\${n}`;
      r.i += 2;
      continue;
    }
    if (c === '\\' && raw) {
      out += c + (r.s[r.i + 1] ?? '');
      r.i += 2;
      continue;
    }
    out += c;
    r.i++;
  }
  return NO;
}

function readNumber(r: Reader): number | typeof NO {
  const m = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:[1-9](?:_?\d)*|0(?:_?0)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][-+]?\d(?:_?\d)*)?))(?![\w.])/.exec(r.s.slice(r.i));
  // The pattern may match the empty string or a lone `.`: neither is a number.
  if (!m || !/\d/.test(m[0])) return NO;
  r.i += m[0].length;
  const t = m[0].replace(/_/g, '');
  if (/^0[xob]/i.test(t)) return Number(t.toLowerCase());
  return Number(t);
}

function readValue(r: Reader, depth: number): Py | typeof NO {
  if (depth > 50) return NO;
  const c = r.peek();
  if (c === '-' || c === '+') {
    r.i++;
    const v = readValue(r, depth + 1);
    return typeof v === 'number' && typeof v !== 'boolean' ? (c === '-' ? -v : v) : NO;
  }
  if (c === '[' || c === '(') return readSeq(r, c === '[' ? ']' : ')', depth);
  if (c === '{') return readDict(r, depth);
  const word = /^[A-Za-z_]\w*/.exec(r.s.slice(r.i))?.[0];
  if (word === 'True' || word === 'False' || word === 'None') {
    r.i += word.length;
    return word === 'True' ? true : word === 'False' ? false : null;
  }
  const s = readString(r);
  if (s !== NO) {
    // Adjacent literals concatenate: 'a' "b" is 'ab'.
    let out = s;
    for (let next = r.peek(); next === "'" || next === '"'; next = r.peek()) {
      const more = readString(r);
      if (more === NO) return NO;
      out += more;
    }
    return out;
  }
  return readNumber(r);
}

function readSeq(r: Reader, close: string, depth: number): Py | typeof NO {
  r.i++;
  const out: Py[] = [];
  let sawComma = false;
  while (!r.eat(close)) {
    const v = readValue(r, depth + 1);
    if (v === NO) return NO;
    out.push(v);
    sawComma = r.eat(',');
    if (!sawComma && r.peek() !== close) return NO;
  }
  // `(1)` is just 1 in Python, not a tuple.
  if (close === ')' && out.length === 1 && !sawComma) return out[0]!;
  if (close === ')' && out.length === 0 && sawComma) return NO;
  return out;
}

function readDict(r: Reader, depth: number): { [k: string]: Py } | Py[] | typeof NO {
  r.i++;
  const out: { [k: string]: Py } = {};
  let set: Py[] | undefined;
  while (!r.eat('}')) {
    const k = readValue(r, depth + 1);
    if (k === NO || (typeof k === 'object' && k !== null)) return NO;
    if (set || r.peek() !== ':') {
      // {1, 2} is a set; Ansible can print it only as a list.
      if (Object.keys(out).length) return NO;
      (set ??= []).push(k);
    } else {
      r.i++;
      const v = readValue(r, depth + 1);
      if (v === NO) return NO;
      out[String(k === null ? 'None' : k === true ? 'True' : k === false ? 'False' : k)] = v;
    }
    if (!r.eat(',') && r.peek() !== '}') return NO;
  }
  return set ?? out;
}

/** `text` as Ansible's INI plugin types it: the Python literal it spells, else `text` itself. */
export function pyLiteral(text: string): Py {
  const r = new Reader(text);
  const v = readValue(r, 0);
  if (v === NO) return text;
  r.ws();
  // A trailing comment is legal Python: `22  # ssh` is 22.
  if (r.i < text.length && text[r.i] !== '#') return text;
  return v;
}
