/**
 * Line and column of one character inside a string value as written in its source, so a problem
 * found at character N of a var's value points there, not at the value's start. Handled: plain
 * text, single- and double-quoted scalars (with their escapes, on one line), `|` literal blocks,
 * and INI / `-e k=v` values (quoted or not). Anything else (folded or multi-line flow scalars)
 * falls back to the value's start; the answer is checked against the source text either way.
 */
import { locate, type PathSeg, type SourceFile } from './source.ts';

type Pos = { line: number; col: number };

/** In a double-quoted YAML scalar starting at `open`, the source offset of value character `n`. */
function inDoubleQuoted(text: string, open: number, n: number): number | undefined {
  let i = open + 1;
  for (let j = 0; j < n; j++) {
    const c = text[i];
    if (c === undefined || c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      i++;
      continue;
    }
    const e = text[i + 1];
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (e === undefined || e === '\n' || e === '\r') return undefined;
    // \U beyond the BMP is two UTF-16 units of the value.
    if (hex === 8 && parseInt(text.slice(i + 2, i + 10), 16) > 0xffff) j++;
    i += 2 + hex;
  }
  return i;
}

/** In a single-quoted YAML scalar starting at `open`, the source offset of value character `n` (`''` is one `'`). */
function inSingleQuoted(text: string, open: number, n: number): number | undefined {
  let i = open + 1;
  for (let j = 0; j < n; j++) {
    const c = text[i];
    if (c === undefined || c === '\n') return undefined;
    if (c === "'") {
      if (text[i + 1] !== "'") return undefined;
      i++;
    }
    i++;
  }
  return i;
}

/** In a `|` block whose header starts at `open`, the source offset of value character `n`. */
function inLiteralBlock(src: SourceFile, text: string, open: number, value: string, n: number): number | undefined {
  const nl = text.indexOf('\n', open);
  if (nl < 0) return undefined;
  const before = value.slice(0, n).split('\n');
  const lineOfValue = before.length - 1;
  const col = before[lineOfValue]!.length;
  // The block's indentation is that of its first line with text (blank lines may be shorter).
  const firstText = /^( *)\S/m.exec(text.slice(nl + 1));
  if (!firstText) return undefined;
  const headerLine = src.lines.linePos(open).line;
  const start = src.lines.lineStarts[headerLine + lineOfValue];
  return start === undefined ? undefined : start + firstText[1]!.length + col;
}

/**
 * Where character `n` (0-based) of `value`, the string at `path`, is written. `value` is the
 * string as loaded (escapes resolved); the position is only trusted when the source shows that
 * very character there.
 */
export function locateInValue(src: SourceFile, path: readonly PathSeg[], value: string, n: number): Pos {
  const start = locate(src, path);
  const text = src.text;
  if (text === undefined || n < 0 || n >= value.length) return start;
  const base = (src.lines.lineStarts[start.line - 1] ?? 0) + start.col - 1;
  const candidates: (number | undefined)[] = [];
  const opener = text[base];
  if (!src.index && opener === '"') candidates.push(inDoubleQuoted(text, base, n));
  else if (!src.index && opener === "'") candidates.push(inSingleQuoted(text, base, n));
  else if (!src.index && opener === '|') candidates.push(inLiteralBlock(src, text, base, value, n));
  else {
    // Plain text, or an INI / k=v value that may sit in shell-style quotes.
    const prefix = value.slice(0, n + 1);
    for (const q of [0, 1]) if (text.startsWith(prefix, base + q)) candidates.push(base + q + n);
  }
  const at = candidates.find((c) => c !== undefined && text[c] === value[n]);
  return at === undefined ? start : src.lines.linePos(at);
}
