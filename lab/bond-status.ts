// Reads the per-slave MII status out of /proc/net/bonding/<bond> text (lab assertions only;
// tsprov's real parser lives in src/facts/).
export interface BondStatus {
  /** The bond's own "MII Status", from the lines before the first slave section. */
  mii: string | undefined;
  slaves: Record<string, string>;
}

export function parseBondStatus(text: string): BondStatus {
  const status: BondStatus = { mii: undefined, slaves: {} };
  let slave: string | undefined;
  for (const line of text.split('\n')) {
    const s = /^Slave Interface:\s*(\S+)/.exec(line);
    if (s) {
      slave = s[1];
      continue;
    }
    const m = /^MII Status:\s*(\S+)/.exec(line);
    if (!m) continue;
    if (slave === undefined) status.mii = m[1];
    else if (status.slaves[slave] === undefined) status.slaves[slave] = m[1]!;
  }
  return status;
}
