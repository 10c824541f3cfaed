/**
 * What the other netplan files say about our interfaces. netplan merges every /etc/netplan/*.yaml
 * into one configuration by definition ID, so a slave or bond declared in a file tsprov does not
 * own would be merged with tsprov's definition, or (in another bond or bridge) make netplan
 * generate fail. tsprov never edits such a file, so it refuses and names the file instead.
 */
import { parseAllDocuments } from 'yaml';
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';

export const NETPLAN_FILE = /^\/(?:etc|run|lib)\/netplan\/[^/]+\.yaml$/;

/** netplan's precedence among same-named files: /run over /etc over /lib. */
const DIR_RANK: Record<string, number> = { run: 0, etc: 1, lib: 2 };
const rank = (p: string): number => DIR_RANK[p.split('/')[1]!] ?? 3;

/** The files netplan reads: per basename, the one its directory precedence picks. */
function effective(paths: string[]): string[] {
  const best = new Map<string, string>();
  for (const p of paths) {
    const cur = best.get(basename(p));
    if (cur === undefined || rank(p) < rank(cur)) best.set(basename(p), p);
  }
  return [...best.values()];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Parsed = { ok: true; network: Obj } | { ok: false; error: string };

/**
 * As netplan reads it: libyaml, first document only, every scalar a string (the failsafe schema),
 * so `no:` or `0800:` stay the IDs the file wrote.
 */
export function parseNetplan(text: string): Parsed {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false });
  const doc = docs[0];
  if (!doc) return { ok: true, network: {} };
  if (doc.errors.length) return { ok: false, error: doc.errors[0]!.message.split('\n')[0]! };
  const root: unknown = doc.toJS();
  const network = isObj(root) ? root.network : undefined;
  return { ok: true, network: isObj(network) ? network : {} };
}

/** systemd's fnmatch-style `Name=` patterns, which netplan's `match: name:` becomes. */
export function globMatches(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const close = c === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (close > 0) {
      const body = pattern.slice(i + 1, close);
      re += `[${body.replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}

export interface ForeignScan {
  /** Files that do not parse: netplan generate would stop on them too. */
  unparsable: string[];
  /** One line per foreign claim on a bond or slave. */
  conflicts: string[];
  notes: PlanNote[];
  /** The global renderer netplan ends up with, and the file that set it last. */
  renderer?: { value: string; file: string };
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/**
 * Scans every netplan file but `own` (tsprov's files for these bonds). A bridge or VLAN on top of
 * a bond is fine: it refers to the bond, it does not redefine it.
 */
export function scanForeign(bonds: Bond[], existing: Record<string, string | null>, own: Set<string>, owner: (path: string, text: string) => string | null): ForeignScan {
  const role = new Map<string, string>();
  for (const b of bonds) {
    role.set(b.name, `bond ${b.name}`);
    for (const s of b.slaves) role.set(s, `slave of ${b.name}`);
  }
  const slaves = new Set(bonds.flatMap((b) => b.slaves));
  const scan: ForeignScan = { unparsable: [], conflicts: [], notes: [] };
  // netplan reads files in basename order; the last global `renderer:` wins.
  const files = effective(Object.keys(existing).filter((p) => NETPLAN_FILE.test(p) && existing[p] !== null))
    .filter((p) => !own.has(p))
    .sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
  for (const file of files) {
    const text = existing[file]!;
    const parsed = parseNetplan(text);
    if (!parsed.ok) {
      scan.unparsable.push(`${file} (${parsed.error})`);
      continue;
    }
    const otherBond = owner(file, text);
    const where = otherBond === null ? file : `${file} (tsprov's file for bond ${otherBond}, which this run does not declare)`;
    const claim = (name: string, how: string): void => void scan.conflicts.push(`${name} (${role.get(name)}) ${how} in ${where}`);
    if (typeof parsed.network.renderer === 'string') scan.renderer = { value: parsed.network.renderer, file };
    for (const [section, defs] of Object.entries(parsed.network)) {
      if (!isObj(defs)) continue;
      for (const [id, raw] of Object.entries(defs)) {
        if (id === 'renderer') continue;
        const def = isObj(raw) ? raw : {};
        const at = `${section}.${id}`;
        if (role.has(id)) claim(id, `is declared as ${at}`);
        const setName = def['set-name'];
        if (typeof setName === 'string' && role.has(setName) && setName !== id) claim(setName, `is the set-name of ${at}`);
        const match = def.match;
        if (isObj(match) && typeof match.name === 'string') {
          for (const name of role.keys()) if (name !== id && globMatches(match.name, name)) claim(name, `matches ${at} (match name ${JSON.stringify(match.name)})`);
        } else if (isObj(match) && Object.keys(match).length > 0 && typeof setName !== 'string' && !role.has(id)) {
          scan.notes.push({
            level: 'warn',
            message: `${file}: ${at} matches interfaces by ${Object.keys(match).join(', ')}; if that is one of ${[...slaves].join(', ')}, netplan configures it twice (tsprov can only compare names)`,
          });
        }
        const members = Array.isArray(def.interfaces) ? def.interfaces : [];
        for (const m of members) if (typeof m === 'string' && slaves.has(m)) claim(m, `is a member of ${at}`);
        if (typeof def.link === 'string' && slaves.has(def.link)) claim(def.link, `is the link of ${at}`);
      }
    }
  }
  return scan;
}
