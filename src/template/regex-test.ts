/** Ansible's `match` (anchored at the start, Python re.match) and `search` tests, on the translated pattern. */
import { PLAIN, RegexError } from './regex-escape.ts';
import { translatePattern } from './regex-translate.ts';

export function pySearch(value: string, pattern: string, mode: 'match' | 'search', opts: { ignorecase: boolean; multiline: boolean }): boolean {
  const t = translatePattern(pattern, opts);
  if (t.asciiOnly && !PLAIN.test(value)) throw new RegexError('the pattern uses \\d, \\w, \\s or \\b, which are Unicode-wide in Python but ASCII in JS, and the text is not plain ASCII');
  const re = new RegExp(t.source, t.flags.replace('g', mode === 'match' ? 'y' : ''));
  return re.test(value);
}
