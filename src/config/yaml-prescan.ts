/**
 * What yaml cannot be given. Its parser keeps a stack entry per open collection and does not
 * limit it: ten megabytes of `[` take it 100 s and 9 GB before it fails. And its document costs
 * about 1 KB per node: the 100,000-host bench inventory (1.9 million lines, commas and keys) takes
 * 1.9 GB, so a file of 5 million one-character list items exhausts Node's 4 GB heap. This scan
 * runs first, in one pass over the text, and stops such a file where it passes a limit. It reads
 * just enough YAML to not count brackets inside quotes or comments. Both limits are far above
 * what the parse then refuses precisely (100 levels) or what a real fleet needs.
 */
export const PRE_PARSE_DEPTH = 1000;
/** Lines, commas and `key:` separators one file may hold: about 150,000 hosts of the bench's shape. */
export const MAX_ITEMS = 3_000_000;

export type Excess = { offset: number; kind: 'depth' | 'size' };

const SPACE = new Set([' ', '\t', '\n', '\r']);
// A quote opens a quoted scalar only where a value can start, not inside a word (`it's`).
const VALUE_START = new Set([...SPACE, '[', '{', ',', ':', '-', '?']);

/** Where flow nesting, block indicators on one line (`- - - x`) or the item count pass a limit. */
export function prescan(text: string): Excess | undefined {
  let flow = 0;
  let items = 0;
  let lineIndicators = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const prev = i === 0 ? '\n' : text[i - 1]!;
    if (c === '\n' || c === ',' || (c === ':' && SPACE.has(text[i + 1] ?? '\n'))) {
      if (++items > MAX_ITEMS) return { offset: i, kind: 'size' };
    }
    if (c === '\n') {
      lineIndicators = 0;
      atLineStart = true;
      continue;
    }
    if (c === '#' && SPACE.has(prev)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
      continue;
    }
    if ((c === '"' || c === "'") && VALUE_START.has(prev)) {
      i = quoteEnd(text, i, c);
      atLineStart = false;
      continue;
    }
    if (c === '[' || c === '{') {
      if (++flow > PRE_PARSE_DEPTH) return { offset: i, kind: 'depth' };
    } else if (c === ']' || c === '}') {
      flow = Math.max(0, flow - 1);
    } else if (atLineStart && (c === '-' || c === '?' || c === ':') && SPACE.has(text[i + 1] ?? '\n')) {
      if (++lineIndicators > PRE_PARSE_DEPTH) return { offset: i, kind: 'depth' };
    } else if (!SPACE.has(c)) {
      atLineStart = false;
    }
  }
  return undefined;
}

/** Index of the quote that closes the scalar opened at `start` (or the end of the text). */
function quoteEnd(text: string, start: number, q: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}
