import { shq } from '../core/quote.ts';
import { parseProcBonding } from '../facts/parse/proc-bonding.ts';
import type { BondState } from '../facts/types.ts';
import type { Connection } from '../transport/types.ts';

const M = '@@tsprov-live@@';

/**
 * One read-only exec that reads the live state of the named bonds: /proc/net/bonding and the
 * addresses on each bond. Verification polls with it, so it is kept small.
 */
export function liveStateScript(bonds: string[]): string {
  return bonds
    .map((b) => `echo ${shq(`${M} bond ${b}`)}; cat ${shq(`/proc/net/bonding/${b}`)} 2>/dev/null; echo ${shq(`${M} addr ${b}`)}; ip -o addr show dev ${shq(b)} 2>/dev/null`)
    .join('\n');
}

export interface LiveBond {
  state: BondState | undefined;
  addresses: string[];
}

export function parseLiveState(raw: string): Record<string, LiveBond> {
  const out: Record<string, LiveBond> = {};
  let section: { kind: string; bond: string; lines: string[] } | null = null;
  const flush = (): void => {
    if (!section) return;
    const entry = (out[section.bond] ??= { state: undefined, addresses: [] });
    const text = section.lines.join('\n');
    if (section.kind === 'bond' && text.trim() !== '') entry.state = parseProcBonding(section.bond, text);
    if (section.kind === 'addr') {
      for (const l of section.lines) {
        const m = /\binet6?\s+(\S+)/.exec(l);
        if (m) entry.addresses.push(m[1]!);
      }
    }
  };
  for (const line of raw.split('\n')) {
    if (line.startsWith(`${M} `)) {
      flush();
      const [, kind = '', bond = ''] = line.split(' ');
      section = { kind, bond, lines: [] };
    } else section?.lines.push(line);
  }
  flush();
  return out;
}

export async function readLiveState(conn: Connection, bonds: string[]): Promise<Record<string, LiveBond>> {
  if (bonds.length === 0) return {};
  const r = await conn.exec(`sh -c ${shq(liveStateScript(bonds))}`, { become: true });
  return parseLiveState(r.stdout);
}
