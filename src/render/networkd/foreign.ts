/**
 * Files tsprov does not own are never edited. One that networkd would read before tsprov's
 * file for the same link would win over it (networkd uses the first matching .network, and the
 * first .netdev of a name), so tsprov refuses and names it; one read after is left as it is,
 * ignored by networkd for that link, and a note says so.
 */
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { showPath } from '../../core/show-path.ts';
import { baseName, bondNetworkPath, NETWORKD_DIRS, netdevPath, ownerOf, slaveNetworkPath } from './files.ts';
import { linkMatchOf, matchVerdict, netdevNameOf } from './match.ts';
import { notOursNote } from '../removal.ts';

interface UnitFile {
  path: string;
  base: string;
  content: string;
}

/**
 * The .network and .netdev files networkd would read besides tsprov's: one per file name (a
 * directory earlier in its search path masks the same name further down, and tsprov's files in
 * /etc mask any of their names), without those tsprov writes or removes.
 */
export function otherUnitFiles(existing: Record<string, string | null>, ours: Set<string>): UnitFile[] {
  const oursBase = new Set([...ours].map(baseName));
  const byBase = new Map<string, { file: UnitFile; prio: number }>();
  for (const [path, content] of Object.entries(existing)) {
    if (content === null || ours.has(path)) continue;
    const base = baseName(path);
    const prio = NETWORKD_DIRS.indexOf(path.slice(0, path.length - base.length - 1));
    if (prio < 0 || !/\.(network|netdev)$/.test(base) || oursBase.has(base)) continue;
    const seen = byBase.get(base);
    if (!seen || prio < seen.prio) byBase.set(base, { file: { path, base, content }, prio });
  }
  return [...byBase.values()].map((v) => v.file).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface Link {
  bond: string;
  name: string;
  /** tsprov's .network for this link. */
  ours: string;
}

/** The file, and whose it is when it is tsprov's own for a bond this run does not declare. */
function named(f: UnitFile): string {
  const owner = ownerOf(f.content);
  return owner ? `${showPath(f.path)} (tsprov's, for bond ${owner}, which is not declared here)` : showPath(f.path);
}

const HOW = 'tsprov does not edit files it does not own: remove it, rename it to sort after 10-tsprov-, or narrow its [Match]';

/** Throws E_RENDER_CONFLICT for a file that would win over tsprov's; notes for the rest. */
export function checkOtherFiles(bonds: Bond[], files: UnitFile[]): PlanNote[] {
  const notes: PlanNote[] = [];
  const problems: string[] = [];
  const links: Link[] = bonds.flatMap((b) => [
    { bond: b.name, name: b.name, ours: baseName(bondNetworkPath(b.name)) },
    ...b.slaves.map((s) => ({ bond: b.name, name: s, ours: baseName(slaveNetworkPath(b.name, s)) })),
  ]);
  const role = (l: Link): string => (l.name === l.bond ? `bond ${l.name}` : `${l.bond}: slave ${l.name}`);

  for (const f of files.filter((x) => x.base.endsWith('.network'))) {
    const match = linkMatchOf(f.content);
    const unsure: string[] = [];
    for (const l of links) {
      const verdict = matchVerdict(match, l.name);
      if (verdict === 'no') continue;
      if (f.base < l.ours) {
        if (verdict === 'yes') problems.push(`${role(l)} is configured by ${named(f)}, which networkd reads before tsprov's ${l.ours} and applies instead`);
        else unsure.push(l.name);
      } else if (match.names.includes(l.name)) {
        notes.push({ level: 'info', message: `${role(l)} is also named in ${showPath(f.path)}; networkd applies tsprov's ${l.ours}, which sorts first, and ignores that file for ${l.name} (left as it is)` });
      }
    }
    if (unsure.length > 0) {
      const by = match.otherKeys.map((k) => `${k}=`).join(', ');
      notes.push({ level: 'warn', message: `${showPath(f.path)} sorts before tsprov's files and matches links by ${by}, which tsprov cannot test: if it matches ${unsure.join(', ')}, networkd applies it instead of tsprov's file` });
    }
  }

  for (const f of files.filter((x) => x.base.endsWith('.netdev'))) {
    const name = netdevNameOf(f.content);
    const b = bonds.find((x) => x.name === name);
    if (!b) continue;
    const ours = baseName(netdevPath(b.name));
    if (f.base < ours) problems.push(`bond ${b.name} is also created by ${named(f)}, which networkd reads before tsprov's ${ours} and uses instead`);
    else notes.push({ level: 'info', message: `${showPath(f.path)} also creates ${b.name}; networkd uses tsprov's ${ours}, which sorts first, and ignores that file (left as it is)` });
  }

  if (problems.length > 0) throw new TsprovError('E_RENDER_CONFLICT', `${problems.join('; ')}. ${HOW}`);
  return notes;
}

/** A removed bond that a file tsprov does not own still creates: networkd would make it again. */
export function stillCreated(absent: Bond[], files: UnitFile[]): PlanNote[] {
  const names = new Set(absent.map((b) => b.name));
  return files
    .filter((f) => f.base.endsWith('.netdev') && names.has(netdevNameOf(f.content) ?? ''))
    .map((f) => notOursNote(netdevNameOf(f.content)!, f.path, 'still creates it (networkd makes it again at its next start)'));
}
