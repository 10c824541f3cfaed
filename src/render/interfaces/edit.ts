/**
 * Edits an interfaces(5) document in place: drops the stanzas of the interfaces tsprov manages,
 * takes their names off `auto`/`allow-*` lines, and puts the freshly rendered stanzas where the
 * first removed block was (else at the end). Every other byte is left as it was.
 */
import {
  type Block,
  type LogicalLine,
  dominantEol,
  parseInterfaces,
  printBlock,
  splitPhysical,
} from './parse.ts';
import { isMarkerFor } from '../marker.ts';

export interface EditOptions {
  /** Interface names tsprov manages here: the bonds and their slaves. */
  managed: Iterable<string>;
  /** Bond names whose tsprov marker comments are ours to remove. */
  bonds: Iterable<string>;
  /** Rendered stanzas (LF line endings; converted to the file's own), or null to only remove. */
  insert: string | null;
  /** Indices of further blocks (as parseInterfaces numbers them) to remove. */
  drop?: ReadonlySet<number>;
}

type Edit = { removed: true } | { removed: false; raw?: string };

function editAutoLine(line: LogicalLine, managed: Set<string>): Edit {
  const names = line.words.slice(1);
  if (!names.some((n) => managed.has(n))) return { removed: false };
  const keep = names.filter((n) => !managed.has(n));
  if (keep.length === 0) return { removed: true };
  const last = line.phys[line.phys.length - 1]!;
  if (line.phys.length > 1) return { removed: false, raw: `${line.words[0]} ${keep.join(' ')}${last.eol}` };
  // Keep the line's own spacing: drop each managed word with the whitespace before it.
  const tokens = last.text.match(/\s+|\S+/g) ?? [];
  const out: string[] = [];
  for (const tok of tokens) {
    if (/\S/.test(tok) && managed.has(tok) && out.length > 1) {
      out.pop();
      continue;
    }
    out.push(tok);
  }
  return { removed: false, raw: out.join('') + last.eol };
}

function classify(b: Block, managed: Set<string>, bonds: Set<string>): Edit {
  if (b.kind === 'comment') return { removed: isMarkerFor(b.line.phys[0]!.text, bonds) };
  if (b.kind !== 'stanza') return { removed: false };
  if (b.keyword === 'iface') return { removed: managed.has(b.head.words[1] ?? '') };
  if (b.keyword === 'auto' || b.keyword === 'allow') return editAutoLine(b.head, managed);
  return { removed: false };
}

export function editInterfaces(text: string, opts: EditOptions): string {
  const managed = new Set(opts.managed);
  const bonds = new Set(opts.bonds);
  const eol = dominantEol(text);
  const blocks = parseInterfaces(text).blocks;
  const edits = blocks.map((b, i): Edit => (opts.drop?.has(i) ? { removed: true } : classify(b, managed, bonds)));
  const isBlank = (k: number): boolean => blocks[k]?.kind === 'blank' && !edits[k]!.removed;
  const insert = opts.insert === null ? null : opts.insert.replace(/\r?\n/g, eol);
  const out: string[] = [];
  let inserted = false;
  let i = 0;
  while (i < blocks.length) {
    const edit = edits[i]!;
    if (!edit.removed) {
      out.push(edit.raw ?? printBlock(blocks[i]!));
      i++;
      continue;
    }
    // A run: removed blocks and the blank lines between them, which go with them.
    let last = i;
    for (let j = i; j < blocks.length && (edits[j]!.removed || blocks[j]!.kind === 'blank'); j++) {
      if (edits[j]!.removed) last = j;
    }
    const prevBlankOrStart = i === 0 || isBlank(i - 1);
    const next = last + 1 < blocks.length ? last + 1 : -1;
    let resume = last + 1;
    if (insert !== null && !inserted) {
      // A comment right above the old stanza now introduces ours: no gap after it.
      const gap = !prevBlankOrStart && blocks[i - 1]!.kind !== 'comment';
      out.push((gap ? eol : '') + insert + (next !== -1 && !isBlank(next) ? eol : ''));
      inserted = true;
    } else if (prevBlankOrStart && next !== -1 && isBlank(next)) {
      resume++; // no double blank line where the run was
    }
    i = resume;
  }
  if (insert !== null && !inserted) {
    let body = out.join('');
    if (body !== '' && !body.endsWith('\n')) body += eol;
    const lastLine = splitPhysical(body).pop();
    const needGap = lastLine !== undefined && /\S/.test(lastLine.text);
    return body + (needGap ? eol : '') + insert;
  }
  return out.join('');
}

/** True when the text has an iface stanza or auto/allow entry for one of the names. */
export function mentionsManaged(text: string, names: Iterable<string>): boolean {
  const managed = new Set(names);
  return parseInterfaces(text).blocks.some((b) => {
    if (b.kind !== 'stanza') return false;
    if (b.keyword === 'iface') return managed.has(b.head.words[1] ?? '');
    if (b.keyword === 'auto' || b.keyword === 'allow') return b.head.words.slice(1).some((n) => managed.has(n));
    return false;
  });
}
