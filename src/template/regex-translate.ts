/**
 * Python `re` patterns (what Ansible's regex_replace compiles) translated to JS RegExp, construct
 * by construct; a construct whose meaning differs and cannot be rewritten exactly is refused
 * with the reason. Rewritten so that the result matches what Python matches:
 *   `.` → `[^\n]` (JS also stops at \r, U+2028, U+2029); `^`/`$`/`\A`/`\Z` → lookarounds
 *   (Python's `$` also matches before a final \n); `(?P<n>…)`/`(?P=n)` → `(?<n>…)`/`\k<n>`;
 *   a `{` that is not a quantifier and a lone `]`/`}` → literals; octal escapes → code points.
 * `\d \w \s \b` are ASCII in JS but Unicode in Python: kept, and applying such a pattern to text
 * that is not plain ASCII is refused at render time (`asciiOnly`). Escapes: regex-escape.ts.
 */
import { patternEscape, RegexError } from './regex-escape.ts';

export interface Translated {
  source: string;
  flags: string;
  /** Capturing groups, and the names of the named ones. */
  groups: number;
  names: string[];
  /** The pattern uses a class escape whose Python meaning is Unicode-wide. */
  asciiOnly: boolean;
}

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

/**
 * A group opening at the start of `rest`: its JS source and length, and whether it captures
 * (a named group's name is added to `names`). Undefined for a plain `(`.
 */
function groupOpening(rest: string, names: string[]): { out: string; len: number; captures: boolean } | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
    names.push(m[1]!);
    return { out: `(?<${m[1]}>`, len: m[0].length, captures: true };
  }
  if ((m = /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest))) {
    if (!names.includes(m[1]!)) throw new RegexError(`unknown group name ${m[1]}`);
    return { out: `\\k<${m[1]}>`, len: m[0].length, captures: false };
  }
  if ((m = /^\(\?#[^)]*\)/.exec(rest))) return { out: '', len: m[0].length, captures: false };
  if ((m = /^\(\?(:|=|!|<=|<!)/.exec(rest))) return { out: m[0], len: m[0].length, captures: false };
  if (rest.startsWith('(?')) {
    const what = rest.startsWith('(?>') ? 'atomic groups (?>…)' : rest.startsWith('(?(') ? 'conditional groups (?(…)…)' : /^\(\?[a-zA-Z-]+:/.test(rest) ? 'scoped inline flags (?i:…)' : /^\(\?[a-zA-Z]+\)/.test(rest) ? 'inline flags after the start of the pattern' : `the group syntax ${JSON.stringify(rest.slice(0, 4))}`;
    throw new RegexError(`${what} are not supported`);
  }
  return undefined;
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
      const e = patternEscape(p, i, inClass);
      if (e.asciiOnly) asciiOnly = true;
      out += e.out;
      i += e.len;
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
        const g = groupOpening(p.slice(i), names);
        if (g) {
          if (g.captures) groups++;
          out += g.out;
          i += g.len;
          continue;
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
