import { shq, type ShellText } from '../core/quote.ts';
import { parseProcBonding } from '../facts/parse/proc-bonding.ts';
import type { BondState } from '../facts/types.ts';
import type { Connection } from '../transport/types.ts';

const M = '@@tsprov-live@@';

/**
 * One read-only exec that reads the live state of the named bonds: /proc/net/bonding and the
 * addresses on each bond. Verification polls with it, so it is kept small.
 */
export function liveStateScript(bonds: string[], pings: Record<string, string[]> = {}): ShellText {
  // No `--` needed: `dev` and `-I` take the bond name as their argument, never as an option, and
  // ping targets are addresses by schema.
  return bonds
    .map((b) => {
      const lines: ShellText[] = [`echo ${shq(`${M} bond ${b}`)}; cat ${shq(`/proc/net/bonding/${b}`)} 2>/dev/null; echo ${shq(`${M} addr ${b}`)}; ip -o addr show dev ${shq(b)} 2>/dev/null`];
      for (const t of pings[b] ?? []) lines.push(`echo ${shq(`${M} ping ${b} ${t}`)}; if ping -c 1 -W 2 -I ${shq(b)} ${shq(t)} >/dev/null 2>&1; then echo reply; else echo none; fi`);
      return lines.join('\n');
    })
    .join('\n');
}

export interface LiveBond {
  state: BondState | undefined;
  addresses: string[];
  /** Ping target → answered. */
  pings: Record<string, boolean>;
}

export function parseLiveState(raw: string): Record<string, LiveBond> {
  const out: Record<string, LiveBond> = {};
  let section: { kind: string; bond: string; arg: string; lines: string[] } | null = null;
  const flush = (): void => {
    if (!section) return;
    const entry = (out[section.bond] ??= { state: undefined, addresses: [], pings: {} });
    if (section.kind === 'ping') entry.pings[section.arg] = section.lines.includes('reply');
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
      const [, kind = '', bond = '', arg = ''] = line.split(' ');
      section = { kind, bond, arg, lines: [] };
    } else section?.lines.push(line);
  }
  flush();
  return out;
}

export async function readLiveState(conn: Connection, bonds: string[], pings: Record<string, string[]> = {}): Promise<Record<string, LiveBond>> {
  if (bonds.length === 0) return {};
  const r = await conn.exec(`sh -c ${shq(liveStateScript(bonds, pings))}`, { become: true });
  return parseLiveState(r.stdout);
}
