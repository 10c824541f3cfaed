/**
 * Which backend's config files configure a NIC: the evidence for "two backends active for the
 * same NICs". Pure and shallow on purpose: it reads only the lines that bind a file to an
 * interface (ifupdown stanzas, networkd [Match] Name=, netplan keys and match names, NM
 * interface-name=, ifcfg DEVICE=), never what the file sets.
 */
import { parse } from 'yaml';
import type { DetectedBackend, HostFacts } from '../types.ts';

export interface NicClaim {
  backend: Exclude<DetectedBackend, 'unknown'>;
  file: string;
}

/** `grep -H '^interface-name='` lines → keyfile path → interface. */
export function parseNmInterfaces(text: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^(\/[^:]+):interface-name=(.*)$/.exec(line);
    if (m && m[2]!.trim()) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

/** A shell glob (`*`, `?`, `[…]`), as systemd and netplan match interface names. */
function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

function ifupdownNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split('\n')) {
    const words = raw.trim().split(/\s+/);
    if (words[0] === 'iface' && words[1]) names.add(words[1]);
    else if (words[0] === 'auto' || words[0]?.startsWith('allow-')) for (const w of words.slice(1)) names.add(w);
    // A bond stanza's slaves are configured by it (ifenslave's hook enslaves them).
    else if (words[0] === 'bond-slaves' || words[0] === 'slaves') for (const w of words.slice(1)) if (w !== 'none') names.add(w);
  }
  names.delete('lo');
  return names;
}

/**
 * systemd.network(5) [Match] Name=: a whitespace-separated list of globs, several lines adding to
 * it and an empty one resetting it; a list that starts with "!" is inverted as a whole.
 */
function networkdMatches(text: string, nic: string): boolean {
  let section = '';
  let names: string[] = [];
  let inverted = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) section = line;
    else if (section === '[Match]') {
      const m = /^Name\s*=\s*(.*)$/.exec(line);
      if (!m) continue;
      let value = m[1]!.trim();
      if (!value) {
        names = [];
        inverted = false;
        continue;
      }
      if (value.startsWith('!')) {
        inverted = true;
        value = value.slice(1);
      }
      names.push(...value.split(/\s+/).filter(Boolean));
    }
  }
  if (!names.length) return false;
  return names.some((p) => globMatches(p, nic)) !== inverted;
}

function netplanNames(text: string): { names: Set<string>; patterns: string[] } {
  const names = new Set<string>();
  const patterns: string[] = [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return { names, patterns };
  }
  const network = (doc as { network?: Record<string, unknown> } | null)?.network;
  for (const kind of ['ethernets', 'bonds', 'bridges', 'vlans', 'wifis']) {
    const defs = network?.[kind];
    if (!defs || typeof defs !== 'object') continue;
    for (const [id, def] of Object.entries(defs as Record<string, Record<string, unknown> | null>)) {
      const match = def?.match as { name?: unknown } | undefined;
      if (typeof match?.name === 'string') patterns.push(match.name);
      else names.add(id);
      if (Array.isArray(def?.interfaces)) for (const i of def.interfaces) names.add(String(i));
    }
  }
  return { names, patterns };
}

/** Every config file, by backend, that configures `nic` (the bond itself or a slave). */
export function configuredBy(nic: string, facts: Pick<HostFacts, 'files' | 'nmInterfaces'>): NicClaim[] {
  const claims: NicClaim[] = [];
  for (const [file, text] of Object.entries(facts.files)) {
    if (text === null) continue;
    if (file === '/etc/network/interfaces' || file.startsWith('/etc/network/interfaces.d/')) {
      if (ifupdownNames(text).has(nic)) claims.push({ backend: 'ifupdown', file });
    } else if (/^\/etc\/systemd\/network\/[^/]+\.network$/.test(file)) {
      if (networkdMatches(text, nic)) claims.push({ backend: 'networkd', file });
    } else if (/^\/etc\/netplan\/[^/]+\.yaml$/.test(file)) {
      const { names, patterns } = netplanNames(text);
      if (names.has(nic) || patterns.some((p) => globMatches(p, nic))) claims.push({ backend: 'netplan', file });
    } else if (file.startsWith('/etc/sysconfig/network-scripts/ifcfg-')) {
      const device = /^DEVICE=["']?([^"'\s]+)/m.exec(text)?.[1] ?? file.slice('/etc/sysconfig/network-scripts/ifcfg-'.length);
      if (device === nic) claims.push({ backend: 'ifcfg', file });
    }
  }
  for (const [file, name] of Object.entries(facts.nmInterfaces ?? {})) if (name === nic) claims.push({ backend: 'nm', file });
  // NM keyfiles read in full (bond-related ones) without an nmiface line, e.g. from older probes.
  for (const [file, text] of Object.entries(facts.files)) {
    if (text === null || !file.startsWith('/etc/NetworkManager/system-connections/') || facts.nmInterfaces?.[file] !== undefined) continue;
    if (new RegExp(`^interface-name=${nic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').test(text)) claims.push({ backend: 'nm', file });
  }
  return claims;
}
