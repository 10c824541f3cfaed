import type { BondState } from '../types.ts';
import { parseProcBonding } from './proc-bonding.ts';

/** All /proc/net/bonding/<name> sections → bonds keyed by name. */
export function parseBonds(sections: Array<{ arg: string; text: string | null }>): Record<string, BondState> {
  const bonds: Record<string, BondState> = {};
  for (const s of sections) {
    if (s.text === null) continue;
    const name = s.arg.split('/').pop() ?? s.arg;
    bonds[name] = parseProcBonding(name, s.text);
  }
  return bonds;
}
