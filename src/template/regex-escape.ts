/**
 * Backslash escapes of a Python `re` pattern, translated to JS RegExp source: the ones valid
 * both inside and outside a character class (\n, \xNN, \uNNNN, octal), class escapes, anchors
 * and back references. What Python reads differently and JS cannot say exactly is refused.
 */
export class RegexError extends Error {
  override name = 'RegexError';
}

// Plain ASCII on which JS's \d \w \s \b agree with Python's (Python's \s also has \x1c-\x1f).
export const PLAIN = /^[\t\n\v\f\r\x20-\x7e]*$/;

export const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const SIMPLE = new Set('ntrfv');
export const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const cp = (n: number): string => `\\u{${n.toString(16)}}`;

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

export function octalRun(p: string, i: number, max: number): string {
  let j = i;
  while (j < p.length && j - i < max && isOctal(p[j])) j++;
  return p.slice(i, j);
}

/** The escape starting at the backslash `p[i]`: its JS source, its length, whether it is Unicode-wide in Python. */
export function patternEscape(p: string, i: number, inClass: boolean): { out: string; len: number; asciiOnly?: boolean } {
  const c = p[i + 1];
  if (c === undefined) throw new RegexError('the pattern ends with a lone backslash');
  const common = commonEscape(p, i);
  if (common) return common;
  if ('dDwWsS'.includes(c)) return { out: `\\${c}`, len: 2, asciiOnly: true };
  if (c >= '0' && c <= '9') {
    // Python: \0 and three octal digits are a character; otherwise (outside a class) a group.
    const run = octalRun(p, i + 1, 3);
    if (c === '0' || run.length === 3 || inClass) {
      if (inClass && !isOctal(c)) throw new RegexError(`bad escape \\${c} in a character class`);
      const oct = c === '0' ? '0' + octalRun(p, i + 2, 2) : run;
      return { out: cp(parseInt(oct, 8)), len: 1 + oct.length };
    }
    const num = /^\d{1,2}/.exec(p.slice(i + 1))![0];
    return { out: `(?:\\${Number(num)})`, len: 1 + num.length };
  }
  if (inClass) {
    if (c === 'b') return { out: '\\x08', len: 2 };
    if (/[A-Za-z]/.test(c)) throw new RegexError(`bad escape \\${c} in a character class`);
    return { out: SYNTAX.has(c) || c === '-' ? `\\${c}` : c, len: 2 };
  }
  if (c === 'A') return { out: '(?<![\\s\\S])', len: 2 };
  if (c === 'Z') return { out: '(?![\\s\\S])', len: 2 };
  if (c === 'b' || c === 'B') return { out: `\\${c}`, len: 2, asciiOnly: true };
  if (/[A-Za-z]/.test(c)) throw new RegexError(`bad escape \\${c}`);
  return { out: SYNTAX.has(c) ? `\\${c}` : c, len: 2 };
}
