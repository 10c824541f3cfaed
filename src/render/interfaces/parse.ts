/**
 * Lossless interfaces(5) parser. The document is a list of blocks, each holding the exact
 * physical lines it came from (text + line ending), so print(parse(x)) === x byte for byte:
 * indentation, tabs, trailing whitespace, CRLF and a missing final newline all survive.
 */

/** One physical line: its text without the line ending, and the ending itself ('' on a last line without newline). */
export interface PhysLine {
  text: string;
  eol: '' | '\n' | '\r\n';
}

/** One logical line: physical lines joined by trailing-backslash continuation. */
export interface LogicalLine {
  phys: PhysLine[];
  /** Whitespace-separated words of the joined line (continuation backslashes removed). */
  words: string[];
}

export type StanzaKeyword =
  | 'iface'
  | 'mapping'
  | 'auto'
  | 'allow'
  | 'source'
  | 'source-directory'
  | 'no-auto-down'
  | 'no-scripts'
  | 'rename';

export type Block =
  | { kind: 'blank'; line: LogicalLine }
  | { kind: 'comment'; line: LogicalLine }
  /** An option-looking line outside any iface/mapping stanza: kept, never interpreted. */
  | { kind: 'stray'; line: LogicalLine }
  | { kind: 'stanza'; keyword: StanzaKeyword; head: LogicalLine; body: LogicalLine[] };

export interface InterfacesDoc {
  blocks: Block[];
}

const WITH_BODY = new Set<StanzaKeyword>(['iface', 'mapping']);

export function splitPhysical(text: string): PhysLine[] {
  const out: PhysLine[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      out.push({ text: text.slice(start), eol: '' });
      break;
    }
    const crlf = nl > start && text[nl - 1] === '\r';
    out.push({ text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return out;
}

function isComment(t: string): boolean {
  return /^[ \t]*#/.test(t);
}
function isBlankText(t: string): boolean {
  return /^[ \t\r\f\v]*$/.test(t);
}
function continues(t: string): boolean {
  return t.replace(/[\r]+$/, '').endsWith('\\');
}

/** Groups physical lines into logical lines (comments and blank lines never continue). */
export function logicalLines(phys: PhysLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  while (i < phys.length) {
    const group: PhysLine[] = [phys[i]!];
    const first = phys[i]!.text;
    i++;
    if (!isComment(first) && !isBlankText(first)) {
      while (continues(group[group.length - 1]!.text) && i < phys.length) group.push(phys[i++]!);
    }
    const joined = group
      .map((p, k) => (k < group.length - 1 ? p.text.replace(/\\\r*$/, ' ') : p.text))
      .join('');
    out.push({ phys: group, words: joined.trim().split(/\s+/).filter(Boolean) });
  }
  return out;
}

export function keywordOf(word: string | undefined): StanzaKeyword | undefined {
  if (word === undefined) return undefined;
  if (word.startsWith('allow-')) return 'allow';
  switch (word) {
    case 'iface':
    case 'mapping':
    case 'auto':
    case 'source':
    case 'source-directory':
    case 'no-auto-down':
    case 'no-scripts':
    case 'rename':
      return word;
    default:
      return undefined;
  }
}

function lineKind(l: LogicalLine): 'blank' | 'comment' | 'content' {
  const t = l.phys[0]!.text;
  if (isBlankText(t)) return 'blank';
  if (isComment(t)) return 'comment';
  return 'content';
}

/**
 * Blank and comment lines between two option lines of one stanza belong to it (ifupdown keeps
 * reading options after them); those after its last option line are top-level blocks, so the
 * comment introducing the next stanza is never removed together with the previous one.
 */
export function parseInterfaces(text: string): InterfacesDoc {
  const blocks: Block[] = [];
  let open: Extract<Block, { kind: 'stanza' }> | undefined;
  let pending: LogicalLine[] = [];
  const flushPending = (): void => {
    for (const l of pending) blocks.push({ kind: lineKind(l) as 'blank' | 'comment', line: l });
    pending = [];
  };
  for (const l of logicalLines(splitPhysical(text))) {
    const kind = lineKind(l);
    if (kind !== 'content') {
      pending.push(l);
      continue;
    }
    const kw = keywordOf(l.words[0]);
    if (kw) {
      flushPending();
      const stanza = { kind: 'stanza' as const, keyword: kw, head: l, body: [] as LogicalLine[] };
      blocks.push(stanza);
      open = WITH_BODY.has(kw) ? stanza : undefined;
    } else if (open) {
      open.body.push(...pending, l);
      pending = [];
    } else {
      flushPending();
      blocks.push({ kind: 'stray', line: l });
    }
  }
  flushPending();
  return { blocks };
}

export function blockLines(b: Block): LogicalLine[] {
  return b.kind === 'stanza' ? [b.head, ...b.body] : [b.line];
}

export function printLine(l: LogicalLine): string {
  return l.phys.map((p) => p.text + p.eol).join('');
}

export function printBlock(b: Block): string {
  return blockLines(b).map(printLine).join('');
}

export function printInterfaces(doc: InterfacesDoc): string {
  return doc.blocks.map(printBlock).join('');
}

/** The line ending most used in the text ('\n' when there is none). */
export function dominantEol(text: string): '\n' | '\r\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
