/**
 * Python `re` patterns (what Ansible's regex_replace compiles) translated to JS RegExp, construct
 * by construct; a construct whose meaning differs and cannot be rewritten exactly is refused
 * with the reason. Rewritten so that the result matches what Python matches:
 *   `.` → `[^\n]` (JS also stops at \r, U+2028, U+2029); `^`/`$`/`\A`/`\Z` → lookarounds
 *   (Python's `$` also matches before a final \n); `(?P<n>…)`/`(?P=n)` → `(?<n>…)`/`\k<n>`;
 *   a `{` that is not a quantifier and a lone `]`/`}` → literals; octal escapes → code points.
 * `\d \w \s \b` are ASCII in JS but Unicode in Python: kept, and applying such a pattern to text
 * that is not plain ASCII is refused at render time (`asciiOnly`).
 */
export interface Translated {
  source: string;
  flags: string;
  /** Capturing groups, and the names of the named ones. */
  groups: number;
  names: string[];
  /** The pattern uses a class escape whose Python meaning is Unicode-wide. */
  asciiOnly: boolean;
}

export class RegexError extends Error {
  override name = 'RegexError';
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const SIMPLE = new Set('ntrfv');
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const cp = (n: number): string => `\\u{${n.toString(16)}}`;

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

/** Leading global flags `(?ims)`, as Python allows them at the start of a pattern. */
function leadingFlags(p: string, f: Flags): number {
  let at = 0;
  for (let m = /^\(\?([a-zA-Z]+)\)/.exec(p); m; m = /^\(\?([a-zA-Z]+)\)/.exec(p.slice(at))) {
    for (const c of m[1]!) {
      if (c === 'i') f.i = true;
      else if (c === 'm') f.m = true;
      else if (c === 's') f.s = true;
      else if (c === 'u') continue;
      else throw new RegexError(`inline flag (?${c}) is not supported (verbose, ASCII and locale modes have no JS equivalent)`);
    }
    at += m[0].length;
  }
  return at;
}

/** An escape valid in Python both inside and outside a class: \n, \xNN, \uNNNN, \UNNNNNNNN, octal. */
function commonEscape(p: string, i: number): { out: string; len: number } | undefined {
  const c = p[i + 1]!;
  if (SIMPLE.has(c)) return { out: `\\${c}`, len: 2 };
  if (c === 'a') return { out: '\\x07', len: 2 };
  const hex = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hex) {
    const digits = p.slice(i + 2, i + 2 + hex);
    if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new RegexError(`incomplete escape \\${c}${digits}`);
    return { out: cp(parseInt(digits, 16)), len: 2 + hex };
  }
  if (c === 'N') throw new RegexError('\\N{name} escapes are not supported; write the character itself');
  return undefined;
}

function octalRun(p: string, i: number, max: number): string {
  let j = i;
  while (j < p.length && j - i < max && isOctal(p[j])) j++;
  return p.slice(i, j);
}

export function translatePattern(pattern: string, opts: { ignorecase: boolean; multiline: boolean }): Translated {
  const f: Flags = { i: opts.ignorecase, m: opts.multiline, s: false };
  let i = leadingFlags(pattern, f);
  let out = '';
  let groups = 0;
  const names: string[] = [];
  let asciiOnly = false;
  let inClass = false;
  let afterQuantifier = false;
  const p = pattern;
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === '+' && afterQuantifier && !inClass) throw new RegexError('possessive quantifiers (*+, ++, ?+) are not supported');
    afterQuantifier = false;
    if (ch === '\\') {
      const c = p[i + 1];
      if (c === undefined) throw new RegexError('the pattern ends with a lone backslash');
      const common = commonEscape(p, i);
      if (common) {
        out += common.out;
        i += common.len;
        continue;
      }
      if ('dDwWsS'.includes(c)) {
        asciiOnly = true;
        out += `\\${c}`;
        i += 2;
        continue;
      }
      if (c >= '0' && c <= '9') {
        // Python: \0 and three octal digits are a character; otherwise (outside a class) a group.
        const run = octalRun(p, i + 1, 3);
        if (c === '0' || run.length === 3 || inClass) {
          if (inClass && !isOctal(c)) throw new RegexError(`bad escape \\${c} in a character class`);
          const oct = c === '0' ? '0' + octalRun(p, i + 2, 2) : run;
          out += cp(parseInt(oct, 8));
          i += 1 + oct.length;
          continue;
        }
        const num = /^\d{1,2}/.exec(p.slice(i + 1))![0];
        out += `(?:\\${Number(num)})`;
        i += 1 + num.length;
        continue;
      }
      if (inClass) {
        if (c === 'b') out += '\\x08';
        else if (/[A-Za-z]/.test(c)) throw new RegexError(`bad escape \\${c} in a character class`);
        else out += SYNTAX.has(c) || c === '-' ? `\\${c}` : c;
        i += 2;
        continue;
      }
      if (c === 'A') out += '(?<![\\s\\S])';
      else if (c === 'Z') out += '(?![\\s\\S])';
      else if (c === 'b' || c === 'B') {
        asciiOnly = true;
        out += `\\${c}`;
      } else if (/[A-Za-z]/.test(c)) throw new RegexError(`bad escape \\${c}`);
      else out += SYNTAX.has(c) ? `\\${c}` : c;
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
      i++;
      continue;
    }
    switch (ch) {
      case '[': {
        inClass = true;
        out += '[';
        i++;
        if (p[i] === '^') {
          out += '^';
          i++;
        }
        // Python reads a `]` first in a class as a literal; JS would close an empty class.
        if (p[i] === ']') {
          out += '\\]';
          i++;
        }
        continue;
      }
      case '.':
        out += f.s ? '[\\s\\S]' : '[^\\n]';
        break;
      case '^':
        out += f.m ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
        break;
      case '$':
        out += f.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
        break;
      case ']':
      case '}':
        out += `\\${ch}`;
        break;
      case '{': {
        const q = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i));
        if (q && (q[1] || q[2])) {
          out += `{${q[1] || '0'}${q[2]}${q[3]}}`;
          i += q[0].length;
          if (p[i] === '?') {
            out += '?';
            i++;
          }
          afterQuantifier = true;
          continue;
        }
        out += '\\{';
        break;
      }
      case '*':
      case '+':
      case '?':
        out += ch;
        i++;
        if (p[i] === '?') {
          out += '?';
          i++;
        }
        afterQuantifier = true;
        continue;
      case '(': {
        const rest = p.slice(i);
        let m: RegExpExecArray | null;
        if ((m = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
          groups++;
          names.push(m[1]!);
          out += `(?<${m[1]}>`;
          i += m[0].length;
          continue;
        }
        if ((m = /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest))) {
          if (!names.includes(m[1]!)) throw new RegexError(`unknown group name ${m[1]}`);
          out += `\\k<${m[1]}>`;
          i += m[0].length;
          continue;
        }
        if ((m = /^\(\?#[^)]*\)/.exec(rest))) {
          i += m[0].length;
          continue;
        }
        if ((m = /^\(\?(:|=|!|<=|<!)/.exec(rest))) {
          out += m[0];
          i += m[0].length;
          continue;
        }
        if (rest.startsWith('(?')) {
          const what = rest.startsWith('(?>') ? 'atomic groups (?>…)' : rest.startsWith('(?(') ? 'conditional groups (?(…)…)' : /^\(\?[a-zA-Z-]+:/.test(rest) ? 'scoped inline flags (?i:…)' : /^\(\?[a-zA-Z]+\)/.test(rest) ? 'inline flags after the start of the pattern' : `the group syntax ${JSON.stringify(rest.slice(0, 4))}`;
          throw new RegexError(`${what} are not supported`);
        }
        groups++;
        out += '(';
        break;
      }
      default:
        out += ch;
    }
    i++;
  }
  if (inClass) throw new RegexError('unterminated character set [');
  const flags = `gu${f.i ? 'i' : ''}`;
  try {
    new RegExp(out, flags);
  } catch (e) {
    throw new RegexError(`the pattern does not compile: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  return { source: out, flags, groups, names, asciiOnly };
}

export type ReplacementPart = string | { group: number | string };

/** Python's re.sub replacement template: \1, \g<1>, \g<name>, \n and friends; \x is an error, \& stays \&. */
export function parseReplacement(text: string, t: Pick<Translated, 'groups' | 'names'>): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let lit = '';
  const group = (g: number | string): void => {
    if (typeof g === 'number' ? g > t.groups : !t.names.includes(g)) throw new RegexError(`the replacement refers to group ${g}, which the pattern does not have`);
    if (lit) parts.push(lit);
    lit = '';
    parts.push({ group: g });
  };
  const esc: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      lit += ch;
      continue;
    }
    const c = text[i + 1]!;
    if (c === 'g') {
      const m = /^<([^>]*)>/.exec(text.slice(i + 2));
      if (!m) throw new RegexError('\\g in the replacement needs <name> or <number>');
      group(/^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!);
      i += 1 + m[0].length;
    } else if (c >= '0' && c <= '9') {
      const run = octalRun(text, i + 1, 3);
      if (c === '0' || run.length === 3) {
        const oct = c === '0' ? '0' + octalRun(text, i + 2, 2) : run;
        lit += String.fromCodePoint(parseInt(oct, 8));
        i += oct.length;
      } else {
        const num = /^\d{1,2}/.exec(text.slice(i + 1))![0];
        group(Number(num));
        i += num.length;
      }
    } else if (Object.hasOwn(esc, c)) {
      lit += esc[c];
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      throw new RegexError(`bad escape \\${c} in the replacement`);
    } else {
      lit += ch + c;
      i++;
    }
  }
  if (lit) parts.push(lit);
  return parts;
}

// Plain ASCII on which JS's \d \w \s \b agree with Python's (Python's \s also has \x1c-\x1f).
const PLAIN = /^[\t\n\v\f\r\x20-\x7e]*$/;

/** Python's re.sub(pattern, replacement, value) with the translated pattern. */
export function pySub(value: string, pattern: string, replacement: string, opts: { ignorecase: boolean; multiline: boolean }): string {
  const t = translatePattern(pattern, opts);
  const parts = parseReplacement(replacement, t);
  if (t.asciiOnly && !PLAIN.test(value)) {
    throw new RegexError('the pattern uses \\d, \\w, \\s or \\b, which are Unicode-wide in Python but ASCII in JS, and the text is not plain ASCII: use an explicit class such as [0-9]');
  }
  const re = new RegExp(t.source, t.flags);
  let out = '';
  let at = 0;
  for (const m of value.matchAll(re)) {
    out += value.slice(at, m.index);
    for (const part of parts) out += typeof part === 'string' ? part : ((typeof part.group === 'number' ? m[part.group] : m.groups?.[part.group]) ?? '');
    at = m.index + m[0].length;
  }
  return out + value.slice(at);
}
