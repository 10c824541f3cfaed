/**
 * Tokens of a Jinja expression (the inside of `{{ }}`). Offsets are into the whole template text
 * so every error can point at its character.
 */
import { TemplateError } from './errors.ts';

export type Token =
  | { kind: 'name'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'string'; value: string; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; text: ''; at: number };

// Longest first. `* / // % **` are recognised only to be refused by name (see parser).
const OPS = ['**', '//', '==', '!=', '<=', '>=', '(', ')', '[', ']', '{', '}', '.', ',', '|', '~', ':', '=', '<', '>', '+', '-', '*', '/', '%'];
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
// Python number literals: 1_000, 0x1f, 0o17, 0b101, 1.5, .5, 1e3.
const NUMBER = /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?)/y;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

function numberValue(text: string): number {
  const t = text.replace(/_/g, '');
  if (/^0[xob]/i.test(t)) return Number(t.toLowerCase());
  return Number(t);
}

/** A Python string literal body with its escapes (\n, \t, \xNN, \uNNNN, …); unknown escapes stay as written, as in Python. */
function stringValue(src: string, start: number, quote: string): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote) {
    const ch = src[i]!;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const next = src[i + 1];
    if (next === undefined) break;
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex) {
      const digits = src.slice(i + 2, i + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new TemplateError(`bad \\${next} escape in a string`, i);
      out += String.fromCodePoint(parseInt(digits, 16));
      i += 2 + hex;
    } else if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      out += SIMPLE_ESCAPES[next];
      i += 2;
    } else {
      out += ch + next;
      i += 2;
    }
  }
  if (i >= src.length) throw new TemplateError('unterminated string', start);
  return { value: out, end: i + 1 };
}

/**
 * A string literal taken as written, backslashes included: Ansible doubles every backslash in
 * the string literals of a playbook or vars template before Jinja reads it (_escape_backslashes),
 * so `regex_replace('\d', …)` there means the regex \d. Template files get Jinja's escapes.
 */
function rawString(src: string, start: number, quote: string): { value: string; end: number } {
  let i = start + 1;
  while (i < src.length && src[i] !== quote) i += src[i] === '\\' ? 2 : 1;
  if (i >= src.length) throw new TemplateError('unterminated string', start);
  return { value: src.slice(start + 1, i), end: i + 1 };
}

export interface LexOptions {
  /** Process backslash escapes in string literals (template files); otherwise they are literal. */
  escapes: boolean;
}

/** Tokens of `src` from `start` to `end` (exclusive), then an end token. */
export function tokenize(src: string, start: number, end: number, opts: LexOptions): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const s = (opts.escapes ? stringValue : rawString)(src.slice(0, end), i, ch);
      out.push({ kind: 'string', value: s.value, text: src.slice(i, s.end), at: i });
      i = s.end;
      continue;
    }
    NUMBER.lastIndex = i;
    // After a name, `]` or `)`, a dot is attribute access (`list.1`), never the start of `.5`.
    const prev = out[out.length - 1];
    const attr = ch === '.' && prev !== undefined && (prev.kind === 'name' || (prev.kind === 'op' && (prev.text === ']' || prev.text === ')')));
    const num = /[0-9]/.test(ch) || (ch === '.' && !attr && /[0-9]/.test(src[i + 1] ?? '')) ? NUMBER.exec(src) : null;
    if (num && num.index === i) {
      // A name right after a number (`1abc`) is not a literal Python would take either.
      if (/[A-Za-z_]/.test(src[i + num[0].length] ?? '')) throw new TemplateError(`bad number literal ${JSON.stringify(src.slice(i, i + num[0].length + 1))}`, i);
      out.push({ kind: 'number', value: numberValue(num[0]), text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(src);
    if (name && name.index === i) {
      out.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new TemplateError(`unexpected character ${JSON.stringify(ch)}`, i);
    out.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  out.push({ kind: 'end', text: '', at: end });
  return out;
}
