/**
 * Where a bond's stanzas go. Rule: when /etc/network/interfaces already sources
 * /etc/network/interfaces.d (a `source …/interfaces.d/*` or `source-directory …/interfaces.d`
 * line), each bond gets its own file /etc/network/interfaces.d/<bond> and the managed stanzas are
 * removed from the main file (and from other interfaces.d files we were shown); otherwise the main
 * file is edited in place. tsprov never adds a `source` line on its own.
 */
import { editInterfaces, mentionsManaged } from './edit.ts';
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

/** The interfaces(5) files for these bonds, given each bond's rendered stanza text (LF, ending in '\n'). */
export function interfacesFiles(input: RenderInput, stanzas: Map<string, string>, opts: PlacementOptions = {}): RenderedFile[] {
  const bonds = input.bonds.map((b) => b.name);
  const managed = input.bonds.flatMap((b) => [b.name, ...b.slaves]);
  const main = input.existing[MAIN_INTERFACES] ?? null;
  const sourced = input.env.interfacesDirSourced ?? sourcesInterfacesDir(main);
  const files: RenderedFile[] = [];
  const cleanUp = (path: string, before: string | null): void => {
    if (before === null || !mentionsManaged(before, managed)) return;
    const after = editInterfaces(before, { managed, bonds, insert: null });
    if (after === before) return;
    // An interfaces.d file left with nothing but whitespace goes; the main file always stays.
    const gone = path !== MAIN_INTERFACES && after.trim() === '';
    files.push({
      path,
      content: gone ? null : after,
      mode: '0644',
      reason: `${gone ? 'remove file holding only' : 'remove'} stanzas of ${managed.join(', ')} (now in ${INTERFACES_DIR})`,
    });
  };
  if (!sourced) {
    const insert = [...stanzas.values()].join('\n');
    const fresh = main === null && opts.loopbackInNewFile === true;
    files.push({
      path: MAIN_INTERFACES,
      content: fresh ? `${LOOPBACK_STANZA}\n${insert}` : editInterfaces(main ?? '', { managed, bonds, insert }),
      mode: '0644',
      reason: fresh
        ? `new file: lo and stanzas for ${bonds.join(', ')}`
        : `stanzas for ${bonds.join(', ')} (edited in place; other lines unchanged)`,
    });
    return files;
  }
  const targets = new Set<string>();
  for (const [bond, text] of stanzas) {
    const path = bondFileName(bond);
    targets.add(path);
    files.push({ path, content: text, mode: '0644', reason: `stanzas for ${bond} (main file sources ${INTERFACES_DIR})` });
  }
  cleanUp(MAIN_INTERFACES, main);
  for (const [path, before] of Object.entries(input.existing)) {
    if (path.startsWith(`${INTERFACES_DIR}/`) && !targets.has(path)) cleanUp(path, before);
  }
  return files;
}
