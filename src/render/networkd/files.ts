/**
 * The files tsprov owns for one bond under /etc/systemd/network: `10-tsprov-<bond>.netdev`
 * creates it, `10-tsprov-<bond>.network` addresses it, `10-tsprov-<bond>-<slave>.network`
 * enslaves each slave. networkd applies the first .network file, in lexical order of file names
 * across its directories, whose [Match] fits a link: "10-" puts these ahead of the usual
 * hand-written and distribution files (20-wired.network, 80-container-*, 99-default).
 */
import type { Bond } from '../../config/bond-model.ts';
import { fileMarker } from '../marker.ts';
import type { RenderedFile } from '../types.ts';
import { bondSectionLines } from './spelling.ts';

export const NETWORKD_DIR = '/etc/systemd/network';
/** networkd's search path, highest priority first: a file masks same-named ones further down. */
export const NETWORKD_DIRS = [NETWORKD_DIR, '/run/systemd/network', '/usr/local/lib/systemd/network', '/usr/lib/systemd/network', '/lib/systemd/network'];
const MODE = '0644';

export const netdevPath = (bond: string): string => `${NETWORKD_DIR}/10-tsprov-${bond}.netdev`;
export const bondNetworkPath = (bond: string): string => `${NETWORKD_DIR}/10-tsprov-${bond}.network`;
export const slaveNetworkPath = (bond: string, slave: string): string => `${NETWORKD_DIR}/10-tsprov-${bond}-${slave}.network`;
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const slaveWhat = (bond: string, slave: string): string => `bond ${bond}, slave ${slave}`;
const OWNER = /^# Managed by tsprov: bond ([A-Za-z0-9_.:-]+?)(?:, slave [A-Za-z0-9_.:-]+)?\. Local edits will be overwritten\.$/;

/** The bond named by a tsprov marker on the file's first line, if there is one. */
export function ownerOf(content: string): string | undefined {
  return OWNER.exec(content.split('\n', 1)[0]!.replace(/\r$/, ''))?.[1];
}

function unit(marker: string | null, sections: Array<[string, string[]]>): string {
  const parts = sections.filter(([, lines]) => lines.length > 0).map(([name, lines]) => [`[${name}]`, ...lines].join('\n') + '\n');
  return (marker ? marker + '\n' : '') + parts.join('\n');
}

function networkLines(bond: Bond): string[] {
  const a = bond.addressing;
  // DHCP=ipv4 is what `dhcp` means in every other backend (ifupdown's inet dhcp, netplan's dhcp4).
  if (a.method === 'dhcp') return ['DHCP=ipv4'];
  if (a.method === 'manual') return [];
  return [
    ...a.addresses.map((c) => `Address=${c}`),
    ...[a.gateway, a.gateway6].filter((g): g is string => g !== undefined).map((g) => `Gateway=${g}`),
    ...(a.dns ?? []).map((d) => `DNS=${d}`),
    ...(a.dns_search ?? []).map((d) => `Domains=${d}`),
  ];
}

/** The bond's three kinds of file, in a stable order: netdev, its network, then each slave's. */
export function bondFiles(bond: Bond, marker: boolean): RenderedFile[] {
  const mark = (what: string): string | null => (marker ? fileMarker(what) : null);
  const netdev = unit(mark(`bond ${bond.name}`), [
    // MACAddress= here, not in the .network: the bond is born with it, before any DHCP request,
    // instead of networkd's MAC derived from the bond's name.
    ['NetDev', [`Name=${bond.name}`, 'Kind=bond', ...(bond.hwaddress !== undefined ? [`MACAddress=${bond.hwaddress}`] : [])]],
    ['Bond', bondSectionLines(bond)],
  ]);
  const network = unit(mark(`bond ${bond.name}`), [
    ['Match', [`Name=${bond.name}`]],
    // MTUBytes= in the .network is applied on `networkctl reconfigure`, live; in the .netdev it
    // would wait for the bond to be created again.
    ['Link', bond.mtu !== undefined ? [`MTUBytes=${bond.mtu}`] : []],
    ['Network', networkLines(bond)],
  ]);
  const files: RenderedFile[] = [
    { path: netdevPath(bond.name), content: netdev, mode: MODE, reason: `creates bond ${bond.name} (mode ${bond.mode})` },
    { path: bondNetworkPath(bond.name), content: network, mode: MODE, reason: `configures ${bond.name} (${bond.addressing.method})` },
  ];
  for (const s of bond.slaves) {
    const lines = [`Bond=${bond.name}`, ...(bond.options.primary === s ? ['PrimarySlave=yes'] : [])];
    const content = unit(mark(slaveWhat(bond.name, s)), [['Match', [`Name=${s}`]], ['Network', lines]]);
    files.push({ path: slaveNetworkPath(bond.name, s), content, mode: MODE, reason: `enslaves ${s} to ${bond.name}` });
  }
  return files;
}
