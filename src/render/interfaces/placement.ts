/**
 * Where a bond's stanzas go. Rule: when /etc/network/interfaces already sources
 * /etc/network/interfaces.d (a `source …/interfaces.d/*` or `source-directory …/interfaces.d`
 * line), each bond gets its own file /etc/network/interfaces.d/<bond> and the managed stanzas are
 * removed from the main file (and from other interfaces.d files we were shown); otherwise the main
 * file is edited in place. tsprov never adds a `source` line on its own.
 */
import { editInterfaces, mentionsManaged } from './edit.ts';
import { type FileScan, type KeptLine, type ScanInput, scanFile, sortKept } from './kept.ts';
import { markerBond } from '../marker.ts';
import { absentBonds } from '../removal.ts';
import { parseInterfaces } from './parse.ts';
import type { RenderedFile, RenderInput } from '../types.ts';

export const MAIN_INTERFACES = '/etc/network/interfaces';
export const INTERFACES_DIR = '/etc/network/interfaces.d';

/** True when the main file has a source/source-directory line covering interfaces.d. */
export function sourcesInterfacesDir(main: string | null): boolean {
  if (main === null) return false;
  return parseInterfaces(main).blocks.some((b) => {
    if (b.kind !== 'stanza') return false;
    const arg = (b.head.words[1] ?? '').replace(/\/+$/, '');
    if (b.keyword === 'source') return /^(\/etc\/network\/)?interfaces\.d\/\*$/.test(arg);
    if (b.keyword === 'source-directory') return /^(\/etc\/network\/)?interfaces\.d$/.test(arg);
    return false;
  });
}

/** run-parts (used by source-directory) ignores names with dots or colons. */
export function bondFileName(bond: string): string {
  return `${INTERFACES_DIR}/${bond.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** What Debian's installer writes for lo; a main file tsprov creates starts with it. */
export const LOOPBACK_STANZA = 'auto lo\niface lo inet loopback\n';

export interface PlacementOptions {
  /**
   * Start a main file that does not exist yet with the lo stanza, as every Debian interfaces file
   * has. Off for the legacy renderer, whose contract is the seed's lines and nothing else.
   */
  loopbackInNewFile?: boolean;
}

/** The bond's stanza text with its kept comment lines right under its marker (or on top). */
function withComments(text: string, comments: string[]): string {
  if (comments.length === 0) return text;
  const lines = text.split('\n');
  const at = markerBond(lines[0] ?? '') !== undefined ? 1 : 0;
  lines.splice(at, 0, ...comments);
  return lines.join('\n');
}

const joinText = (parts: string[]): string | null => (parts.length ? parts.join('\n') : null);

/**
 * The interfaces(5) files for these bonds, given each bond's rendered stanza text (LF, ending in
 * '\n'), and for the removed bonds (`input.absent`) their stanzas taken out. What the bonds'
 * stanzas replace is kept as comments and given back when no bond takes it any more (kept.ts).
 */
export function interfacesFiles(input: RenderInput, stanzas: Map<string, string>, opts: PlacementOptions = {}): RenderedFile[] {
  const absent = absentBonds(input.absent).map((b) => b.name);
  const scanIn: ScanInput = { present: new Map(input.bonds.map((b) => [b.name, new Set([b.name, ...b.slaves])])), absent: new Set(absent), keep: input.marker !== false };
  const bonds = [...input.bonds.map((b) => b.name), ...absent];
  const managed = [...input.bonds.flatMap((b) => [b.name, ...b.slaves]), ...absent];
  const main = input.existing[MAIN_INTERFACES] ?? null;
  const sourced = input.env.interfacesDirSourced ?? sourcesInterfacesDir(main);
  const dirFiles = Object.keys(input.existing).filter((p) => p.startsWith(`${INTERFACES_DIR}/`)).sort();
  const scans = new Map<string, FileScan>();
  const kept = new Map<string, KeptLine[]>();
  for (const path of [MAIN_INTERFACES, ...dirFiles]) {
    const text = input.existing[path];
    if (typeof text !== 'string') continue;
    const scan = scanFile(text, scanIn);
    scans.set(path, scan);
    for (const [b, lines] of scan.kept) kept.set(b, [...(kept.get(b) ?? []), ...lines]);
  }
  const sorted = sortKept(kept, scanIn);
  const texts = new Map<string, string>();
  for (const [bond, text] of stanzas) {
    const back = sorted.restore.get(bond);
    texts.set(bond, withComments(text, sorted.comments.get(bond) ?? []) + (back ? `\n${back}` : ''));
  }
  // A removed bond's given-back lines go where its block was (else the file it would have had).
  const restoreIn = (path: string): string[] =>
    absent.flatMap((b) => {
      const home = [...scans].find(([, sc]) => sc.blocks.has(b))?.[0] ?? (sourced ? bondFileName(b) : MAIN_INTERFACES);
      const back = sorted.restore.get(b);
      return home === path && back ? [back] : [];
    });
  const gone = absent.length ? `; ${absent.join(', ')} removed (state: absent)` : '';
  const files: RenderedFile[] = [];
  const cleanUp = (path: string, before: string | null): void => {
    if (before === null) return;
    const drop = scans.get(path)?.drop;
    const insert = joinText(restoreIn(path));
    if (!mentionsManaged(before, managed) && !drop?.size && insert === null) return;
    const after = editInterfaces(before, { managed, bonds, insert, ...(drop ? { drop } : {}) });
    if (after === before) return;
    // An interfaces.d file left with nothing but whitespace goes; the main file always stays.
    const empty = path !== MAIN_INTERFACES && after.trim() === '';
    files.push({
      path,
      content: empty ? null : after,
      mode: '0644',
      reason: `${empty ? 'remove file holding only' : 'remove'} stanzas of ${managed.join(', ')}${sourced && stanzas.size ? ` (now in ${INTERFACES_DIR})` : ''}${gone}`,
    });
  };
  if (!sourced) {
    if (main === null && stanzas.size === 0) return files;
    const insert = joinText([...texts.values(), ...restoreIn(MAIN_INTERFACES)]);
    const fresh = main === null && opts.loopbackInNewFile === true;
    const drop = scans.get(MAIN_INTERFACES)?.drop;
    const names = input.bonds.map((b) => b.name).join(', ');
    files.push({
      path: MAIN_INTERFACES,
      content: fresh ? `${LOOPBACK_STANZA}\n${insert}` : editInterfaces(main ?? '', { managed, bonds, insert, ...(drop ? { drop } : {}) }),
      mode: '0644',
      reason: fresh
        ? `new file: lo and stanzas for ${names}`
        : `${names ? `stanzas for ${names} (edited in place; other lines unchanged)` : 'edited in place'}${gone}`,
    });
    return files;
  }
  const targets = new Set<string>();
  for (const [bond, text] of texts) {
    const path = bondFileName(bond);
    targets.add(path);
    files.push({ path, content: text, mode: '0644', reason: `stanzas for ${bond} (main file sources ${INTERFACES_DIR})` });
  }
  cleanUp(MAIN_INTERFACES, main);
  for (const path of dirFiles) if (!targets.has(path)) cleanUp(path, input.existing[path] ?? null);
  return files;
}
