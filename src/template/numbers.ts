/**
 * Python's int(text, base) and float(text) on strings, which the `int` filter is built on
 * (Jinja: int(value, base), and if that fails int(float(value)), and if that fails the default).
 */
import { PY_SPACE } from './values.ts';

const TRIM = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** int(text, base) or undefined where Python raises ValueError. Base 0 reads a 0x/0o/0b prefix. */
export function pyIntFromString(text: string, base: number): number | undefined {
  let s = text.replace(TRIM, '');
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  const prefix = /^0([xob])/i.exec(s)?.[1]?.toLowerCase();
  const prefixBase = prefix === 'x' ? 16 : prefix === 'o' ? 8 : prefix === 'b' ? 2 : undefined;
  if (base === 0) {
    if (prefixBase) {
      base = prefixBase;
      s = s.slice(2).replace(/^_/, '');
    } else {
      base = 10;
      // Base 0 takes a number as Python source would: no leading zeros ("010" is an error).
      if (/^0+[1-9_]/.test(s) && !/^0+(_0+)*$/.test(s)) return undefined;
    }
  } else if (prefixBase === base) s = s.slice(2).replace(/^_/, '');
  if (base < 2 || base > 36) return undefined;
  // Underscores only between digits, one at a time.
  if (s === '' || s.startsWith('_') || s.endsWith('_') || s.includes('__')) return undefined;
  let n = 0n;
  for (const ch of s.replace(/_/g, '').toLowerCase()) {
    const d = DIGITS.indexOf(ch);
    if (d < 0 || d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
  }
  return sign * Number(n);
}

/** float(text) or undefined where Python raises ValueError. */
export function pyFloatFromString(text: string): number | undefined {
  const s = text.replace(TRIM, '');
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  const d = '\\d(?:_?\\d)*';
  if (!new RegExp(`^[+-]?(?:${d}(?:\\.(?:${d})?)?|\\.${d})(?:[eE][+-]?${d})?$`).test(s)) return undefined;
  return Number(s.replace(/_/g, ''));
}
