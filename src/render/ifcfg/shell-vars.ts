/**
 * ifcfg files are shell: network-scripts source them with bash (`. ifcfg-bond0`), and the boot
 * loop evals single lines of them (`eval $(grep -F "DEVICE=" ifcfg-$i)`). Reading one back
 * therefore follows shell quoting, far enough to find each assignment and keep every other line
 * byte for byte; writing one quotes every value with the one POSIX quoting helper.
 */
import { shq } from '../../core/quote.ts';

export interface IfcfgLine {
  /** The exact text, without its final newline (a quoted value may span several lines). */
  text: string;
  /** Set when the line assigns a variable (`KEY=value`, also `export KEY=value`). */
  key?: string;
  /** The assigned value with the shell's quoting removed. */
  value?: string;
}

/** Splits on newlines that end a command: not inside quotes, not escaped, comments included. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quote: '' | "'" | '"' | "$'" = '';
  let comment = false;
  let wordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (comment) {
      if (c === '\n') {
        out.push(text.slice(start, i));
        start = i + 1;
        comment = false;
        wordStart = true;
      }
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = '';
      continue;
    }
    if (quote === '"' || quote === "$'") {
      if (c === '\\') i++;
      else if (c === quote.slice(-1)) quote = '';
      continue;
    }
    if (c === '\n') {
      out.push(text.slice(start, i));
      start = i + 1;
      wordStart = true;
      continue;
    }
    if (c === '\\') {
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '$' && text[i + 1] === "'") {
      quote = "$'";
      i++;
    } else if (c === '#' && wordStart) {
      comment = true;
    }
    wordStart = c === ' ' || c === '\t' || c === ';';
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** The first word of a shell value, quotes removed (enough for the values ifcfg files hold). */
export function unquote(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === ' ' || c === '\t' || c === ';' || c === '\n') break;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next !== undefined && next !== '\n') out += next;
      i++;
    } else if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      out += raw.slice(i + 1, end < 0 ? raw.length : end);
      i = end < 0 ? raw.length : end;
    } else if (c === '"') {
      for (i++; i < raw.length && raw[i] !== '"'; i++) {
        const next = raw[i + 1];
        if (raw[i] === '\\' && next !== undefined && '\\"$`\n'.includes(next)) {
          i++;
          // Backslash-newline inside double quotes joins the lines.
          if (next !== '\n') out += next;
        } else {
          out += raw[i];
        }
      }
    } else if (c === '$' && raw[i + 1] === "'") {
      for (i += 2; i < raw.length && raw[i] !== "'"; i++) {
        if (raw[i] === '\\') out += ESCAPES[raw[++i] ?? ''] ?? raw[i] ?? '';
        else out += raw[i];
      }
    } else {
      out += c;
    }
  }
  return out;
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

export function parseIfcfg(text: string): IfcfgLine[] {
  return logicalLines(text).map((line) => {
    const m = ASSIGNMENT.exec(line);
    return m ? { text: line, key: m[1]!, value: unquote(m[2]!) } : { text: line };
  });
}

/** The value bash would end up with: the last assignment wins. */
export function lastValues(lines: IfcfgLine[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const l of lines) if (l.key !== undefined) vars.set(l.key, l.value ?? '');
  return vars;
}

/** `KEY=value`, the value quoted so that sourcing the file can never run anything. */
export function assign(key: string, value: string | number): string {
  return `${key}=${shq(value)}`;
}
