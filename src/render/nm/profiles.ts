/**
 * A bond's NetworkManager profiles, written the way NM 1.42's keyfile writer (nm_keyfile_write)
 * writes a normalised profile: settings in NM's priority order ([connection], [ethernet], [bond],
 * [ipv4], [ipv6], [proxy]); id, uuid and type first in [connection], every other key by name;
 * a group for every setting the profile has, even an empty one; nothing NM holds at its default.
 * Whatever NM rewrites after `nmcli connection reload` is then the same profile.
 */
import { createHash } from 'node:crypto';
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { fileMarker } from '../marker.ts';
import { printKeyfile, type Entry, type Group } from './keyfile.ts';
import { bondEntries } from './spelling.ts';

export const NM_DIR = '/etc/NetworkManager/system-connections';

export const bondId = (bond: string): string => `tsprov-${bond}`;
export const portId = (bond: string, slave: string): string => `tsprov-${bond}-port-${slave}`;
export const profilePath = (id: string): string => `${NM_DIR}/${id}.nmconnection`;

// A fixed namespace: the same profile id gets the same UUID on every run and every host.
const NAMESPACE = Buffer.from('ec7942e002c3474784946f736273c6f8', 'hex');

/** Name-based UUID (version 5, RFC 4122) of a profile id. */
export function profileUuid(id: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(id, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const isV6 = (a: string): boolean => a.includes(':');

/** NM stores addresses in inet_ntop form; so must we, or its rewrite would differ from ours. */
function ip(a: string): string {
  return isV6(a) && !a.includes('.') ? new URL(`http://[${a}]/`).hostname.slice(1, -1) : a;
}
function cidr(c: string): string {
  const [addr, prefix] = c.split('/');
  return `${ip(addr!)}/${prefix}`;
}
const list = (items: string[]): string => items.map((i) => `${i};`).join('');

interface Ip {
  ipv4: Entry[];
  ipv6: Entry[];
  notes: PlanNote[];
}

/**
 * [ipv4] / [ipv6]. A family the inventory says nothing about is left as the kernel would have it
 * under ifupdown: IPv4 off (`disabled`), IPv6 not touched by NM (`ignore`). NM refuses DNS
 * servers in a family without addressing, so IPv6 resolvers without an IPv6 address get
 * `method=auto` (the SLAAC the kernel would do anyway); IPv4 resolvers without an IPv4 address
 * are refused rather than turned into a DHCP client.
 */
function ipEntries(bond: Bond): Ip {
  const a = bond.addressing;
  if (a.method === 'dhcp') return { ipv4: [['method', 'auto']], ipv6: [['method', 'ignore']], notes: [] };
  if (a.method === 'manual') return { ipv4: [['method', 'disabled']], ipv6: [['method', 'ignore']], notes: [] };
  const notes: PlanNote[] = [];
  const fam = (v6: boolean) => ({
    addrs: a.addresses.filter((x) => isV6(x) === v6).map(cidr),
    dns: (a.dns ?? []).filter((x) => isV6(x) === v6).map(ip),
    gw: v6 ? a.gateway6 : a.gateway,
  });
  const v4 = fam(false);
  const v6 = fam(true);
  if (!v4.addrs.length && (v4.dns.length || v4.gw !== undefined)) {
    throw new TsprovError('E_RENDER_UNSUPPORTED', `${bond.name}: IPv4 DNS servers or gateway without an IPv4 address: NetworkManager accepts them only with IPv4 addressing; add an IPv4 address or drop them`);
  }
  if (!v6.addrs.length && v6.gw !== undefined) {
    throw new TsprovError('E_RENDER_UNSUPPORTED', `${bond.name}: gateway6 without an IPv6 address; add an IPv6 address or drop gateway6`);
  }
  const search = a.dns_search?.length ? list(a.dns_search) : undefined;
  const section = (f: typeof v4, other: string, withSearch: boolean): Entry[] => {
    // NM writes the gateway as part of address1 (write_ip_values in nm-keyfile.c).
    const out: Entry[] = f.addrs.map((c, k): Entry => [`address${k + 1}`, k === 0 && f.gw !== undefined ? `${c},${ip(f.gw)}` : c]);
    if (f.dns.length) out.push(['dns', list(f.dns)]);
    if (withSearch && search) out.push(['dns-search', search]);
    out.push(['method', f.addrs.length ? 'manual' : other]);
    return out;
  };
  const v6Other = v6.dns.length ? 'auto' : 'ignore';
  if (!v6.addrs.length && v6.dns.length) {
    notes.push({ level: 'info', message: `${bond.name}: IPv6 DNS servers without an IPv6 address: ipv6.method=auto (NetworkManager takes no DNS servers with method ignore)` });
  }
  const searchInV4 = v4.addrs.length > 0;
  return { ipv4: section(v4, 'disabled', searchInV4), ipv6: section(v6, v6Other, !searchInV4), notes };
}

export interface Profile {
  id: string;
  path: string;
  text: string;
  notes: PlanNote[];
}

export function bondProfile(bond: Bond, marker: boolean): Profile {
  const id = bondId(bond.name);
  const { ipv4, ipv6, notes } = ipEntries(bond);
  // autoconnect-slaves: `nmcli connection up` of the bond brings its ports along (and back after
  // a re-activation) in one activation, so a dhcp bond does not wait for ports no one started.
  const groups: Group[] = [
    { name: 'connection', entries: [['id', id], ['uuid', profileUuid(id)], ['type', 'bond'], ['autoconnect-slaves', '1'], ['interface-name', bond.name]] },
  ];
  const eth: Entry[] = [];
  if (bond.hwaddress !== undefined) eth.push(['cloned-mac-address', bond.hwaddress.toUpperCase()]);
  if (bond.mtu !== undefined) eth.push(['mtu', String(bond.mtu)]);
  if (eth.length) groups.push({ name: 'ethernet', entries: eth });
  groups.push({ name: 'bond', entries: bondEntries(bond) }, { name: 'ipv4', entries: ipv4 }, { name: 'ipv6', entries: ipv6 }, { name: 'proxy', entries: [] });
  if (bond.options.miimon === undefined && bond.options.arp_interval === undefined) {
    notes.push({ level: 'info', message: `${bond.name}: no miimon or arp_interval set: NetworkManager applies its own miimon=100 (the kernel's default is 0)` });
  }
  const comment = marker ? fileMarker(`NetworkManager profile ${id} (bond ${bond.name})`) : undefined;
  return { id, path: profilePath(id), text: printKeyfile(groups, comment), notes };
}

/**
 * A port: no IP settings (NM drops them from ports) and the empty [ethernet] group of its base
 * setting. NM 1.42 reads only master=/slave-type= (controller=/port-type= came with 1.46, which
 * still reads these), and adds no [bond-port] to a bond port when normalising, so neither do we.
 */
export function portProfile(bond: Bond, slave: string, marker: boolean): Profile {
  const id = portId(bond.name, slave);
  const groups: Group[] = [
    {
      name: 'connection',
      entries: [['id', id], ['uuid', profileUuid(id)], ['type', 'ethernet'], ['interface-name', slave], ['master', bond.name], ['slave-type', 'bond']],
    },
    { name: 'ethernet', entries: [] },
  ];
  const comment = marker ? fileMarker(`NetworkManager profile ${id} (port ${slave} of bond ${bond.name})`) : undefined;
  return { id, path: profilePath(id), text: printKeyfile(groups, comment), notes: [] };
}
