import type { LinkToolResult, NicFacts, NicKind } from '../types.ts';
import { TOOL_ABSENT } from './link-tools.ts';

type Attrs = Map<string, string>;

/** Parses the probe's `nics` section: "nic NAME" then "attr NAME KEY VALUE" lines from sysfs. */
export function parseSysfsNics(text: string | null): Map<string, Attrs> {
  const nics = new Map<string, Attrs>();
  for (const line of (text ?? '').split('\n')) {
    const nic = /^nic (\S+)$/.exec(line);
    if (nic?.[1]) {
      nics.set(nic[1], new Map());
      continue;
    }
    const attr = /^attr (\S+) (\S+) ?(.*)$/.exec(line);
    if (attr?.[1] && attr[2]) nics.get(attr[1])?.set(attr[2], attr[3] ?? '');
  }
  return nics;
}

/**
 * Link kinds from `ip -o -d link show`: the word after the second "\    " segment ("veth",
 * "bond", "ifb"…); "bond_slave"-style port info is not a kind.
 */
export function parseIpLinkKinds(text: string | null): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:/.exec(line);
    if (!m?.[1]) continue;
    const segments = line.split('\\').slice(2).map((s) => s.trim().split(/\s+/)[0] ?? '');
    const kind = segments.find((w) => w !== '' && !/_slave$|^altname$/.test(w));
    if (kind) kinds.set(m[1], kind);
  }
  return kinds;
}

function basename(link: string | undefined): string | null {
  if (!link) return null;
  return link.split('/').filter(Boolean).pop() ?? null;
}

function num(v: string | undefined): number | null {
  if (v === undefined || !/^-?\d+$/.test(v)) return null;
  const n = Number(v);
  return n < 0 ? null : n;
}

function kindOf(name: string, a: Attrs, ipKind: string | undefined): NicKind {
  if (a.get('type') === '772' || name === 'lo') return 'loopback';
  if (a.has('bonding') || ipKind === 'bond') return 'bond';
  if (a.has('bridge') || ipKind === 'bridge') return 'bridge';
  if (a.get('devtype') === 'vlan' || ipKind === 'vlan') return 'vlan';
  if (ipKind === 'veth') return 'veth';
  if (a.has('device')) return 'physical';
  return 'virtual';
}

export function buildNics(input: {
  sysfs: Map<string, Attrs>;
  ipKinds: Map<string, string>;
  miiTool: Map<string, LinkToolResult>;
  ethtool: Map<string, LinkToolResult>;
  miiToolPresent: boolean;
  ethtoolPresent: boolean;
}): NicFacts[] {
  const out: NicFacts[] = [];
  for (const [name, a] of input.sysfs) {
    const carrier = a.get('carrier');
    const duplex = a.get('duplex');
    const noTool = (present: boolean): LinkToolResult =>
      present ? { present: true, link: null, detail: 'not probed' } : TOOL_ABSENT;
    out.push({
      name,
      mac: a.get('address') || null,
      operstate: a.get('operstate') || 'unknown',
      carrier: carrier === '1' ? true : carrier === '0' ? false : null,
      speedMbps: num(a.get('speed')),
      duplex: duplex === 'full' || duplex === 'half' ? duplex : null,
      driver: basename(a.get('driver')),
      master: basename(a.get('master')),
      kind: kindOf(name, a, input.ipKinds.get(name)),
      mtu: num(a.get('mtu')),
      miiTool: input.miiTool.get(name) ?? noTool(input.miiToolPresent),
      ethtool: input.ethtool.get(name) ?? noTool(input.ethtoolPresent),
    });
  }
  return out.sort((x, y) => x.name.localeCompare(y.name));
}
