/**
 * One ifcfg file = tsprov's keys + what an earlier file held that tsprov does not decide. A file
 * tsprov owns has its marker on top, its own keys under it, then (after a header) the kept lines;
 * its own section is rewritten whole, the kept lines are filtered again (a key tsprov starts to
 * write takes over). A file tsprov does not own yet is taken over the same way: its lines are all
 * "kept", minus the keys tsprov decides, so HWADDR, NM_CONTROLLED, ETHTOOL_OPTS, comments, … stay.
 */
import { fileMarker } from '../marker.ts';
import { parseIfcfg } from './shell-vars.ts';

export const KEPT_HEADER = '# Not set by tsprov: kept from the earlier file.';
/** A line of the earlier file that one of tsprov's keys replaced. */
export const REPLACED = '# tsprov replaced: ';

const OWNER = /^# Managed by tsprov: (?:bond (\S+)|slave (\S+) of bond (\S+))\. /;

export type Owner = { kind: 'bond'; bond: string } | { kind: 'slave'; slave: string; bond: string };

export function bondMarker(bond: string): string {
  return fileMarker(`bond ${bond}`);
}

export function slaveMarker(slave: string, bond: string): string {
  return fileMarker(`slave ${slave} of bond ${bond}`);
}

/** Who tsprov wrote this file for, from its marker; undefined for a file tsprov does not own. */
export function ownerOf(text: string): Owner | undefined {
  for (const line of text.split('\n')) {
    const m = OWNER.exec(line);
    if (m?.[1] !== undefined) return { kind: 'bond', bond: m[1] };
    if (m?.[2] !== undefined && m[3] !== undefined) return { kind: 'slave', slave: m[2], bond: m[3] };
  }
  return undefined;
}

const isAnyMarker = (text: string): boolean => text.startsWith('# Managed by tsprov');

export interface Composed {
  content: string;
  /** Keys of a file tsprov did not own that gave way (empty for its own files). */
  dropped: string[];
  kept: string[];
  takenOver: boolean;
}

export function compose(existing: string | null | undefined, ours: string[], marker: string | undefined, managed: (key: string) => boolean): Composed {
  const lines = existing ? parseIfcfg(existing) : [];
  const takenOver = Boolean(existing) && ownerOf(existing!) === undefined;
  const kept: string[] = [];
  const dropped: string[] = [];
  const keptKeys: string[] = [];
  let own = false;
  for (const l of lines) {
    if (isAnyMarker(l.text)) {
      own = true;
      continue;
    }
    if (l.text === KEPT_HEADER) {
      own = false;
      continue;
    }
    if (own) continue;
    if (l.key !== undefined && managed(l.key)) {
      if (!dropped.includes(l.key)) dropped.push(l.key);
      // Kept as a comment, so removing the bond can give the file back as it was. Without the
      // marker tsprov cannot tell its own earlier keys from someone else's: nothing is kept then.
      if (takenOver && marker !== undefined) kept.push(...l.text.split('\n').map((t) => REPLACED + t));
      continue;
    }
    kept.push(l.text);
    if (l.key !== undefined && !keptKeys.includes(l.key)) keptKeys.push(l.key);
  }
  while (kept.length && kept[0]!.trim() === '') kept.shift();
  while (kept.length && kept[kept.length - 1]!.trim() === '') kept.pop();
  const out = [...(marker === undefined ? [] : [marker]), ...ours, ...(kept.length ? ['', KEPT_HEADER, ...kept] : [])];
  return { content: out.join('\n') + '\n', dropped: takenOver ? dropped : [], kept: takenOver ? keptKeys : [], takenOver };
}

/** Keys a list of `KEY=value` lines sets. */
export function keysOf(lines: string[]): Set<string> {
  return new Set(lines.map((l) => l.slice(0, l.indexOf('='))));
}

/**
 * The earlier file tsprov took over, as it was (lines tsprov's keys replaced uncommented), or
 * null when tsprov created the file: what removing the bond gives back.
 */
export function earlierFile(text: string): string | null {
  const lines = text.split('\n');
  const at = lines.indexOf(KEPT_HEADER);
  if (at < 0) return null;
  const body = lines.slice(at + 1).map((l) => (l.startsWith(REPLACED) ? l.slice(REPLACED.length) : l));
  while (body.length && body[body.length - 1]!.trim() === '') body.pop();
  return body.length ? body.join('\n') + '\n' : null;
}
