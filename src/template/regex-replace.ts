/** Python's re.sub (Ansible's regex_replace) on a translated pattern, with Python's replacement template. */
import { octalRun, PLAIN, RegexError } from './regex-escape.ts';
import { translatePattern, type Translated } from './regex-translate.ts';

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
