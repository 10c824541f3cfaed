/**
 * The keys tsprov writes for a bond and for each slave, in network-scripts' vocabulary
 * (initscripts' doc/sysconfig.txt and network-scripts/ifup-eth, ifup-ipv6, ifup-post).
 */
import type { Bond } from '../../config/bond-model.ts';
import { parseCidr, parseIp, inSubnet } from '../../config/net.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { assign } from './shell-vars.ts';
import { bondingOpts } from './spelling.ts';

const isV6 = (a: string): boolean => a.includes(':');

/**
 * ifup-eth adds the default route only when GATEWAY lies in the subnet of the first address
 * (IPADDR), so the address whose subnet holds the gateway goes first; the others keep their order.
 */
function orderV4(addresses: string[], gateway: string | undefined): { ordered: string[]; moved: boolean } {
  const v4 = addresses.filter((a) => !isV6(a));
  const gw = gateway === undefined ? undefined : parseIp(gateway);
  if (!gw) return { ordered: v4, moved: false };
  const k = v4.findIndex((a) => {
    const c = parseCidr(a);
    return c !== undefined && inSubnet(gw, c);
  });
  if (k <= 0) return { ordered: v4, moved: false };
  return { ordered: [v4[k]!, ...v4.slice(0, k), ...v4.slice(k + 1)], moved: true };
}

/** ipv6_set_default_route refuses a link-local gateway without a scope: it gets `%<bond>`. */
function gateway6(gw: string, bond: string): string {
  const ip = parseIp(gw);
  const linkLocal = ip !== undefined && ip.family === 6 && ip.addr >> 118n === 0x3fan;
  return linkLocal && !gw.includes('%') ? `${gw}%${bond}` : gw;
}

/** ifup-post writes DNS1..DNS3 to resolv.conf and nothing beyond (glibc reads three anyway). */
const MAX_DNS = 3;

function addressing(bond: Bond, notes: PlanNote[]): string[] {
  const a = bond.addressing;
  if (a.method === 'dhcp') return [assign('BOOTPROTO', 'dhcp')];
  const lines = [assign('BOOTPROTO', 'none')];
  if (a.method === 'manual') return lines;

  const { ordered, moved } = orderV4(a.addresses, a.gateway);
  if (moved) notes.push({ level: 'info', message: `${bond.name}: ${ordered[0]} written first (IPADDR): ifup-eth sets GATEWAY ${a.gateway} only through the first address's subnet` });
  ordered.forEach((cidr, k) => {
    const [addr, prefix] = cidr.split('/');
    const n = k === 0 ? '' : String(k);
    lines.push(assign(`IPADDR${n}`, addr!));
    if (prefix !== undefined) lines.push(assign(`PREFIX${n}`, prefix));
  });
  if (a.gateway !== undefined) lines.push(assign('GATEWAY', a.gateway));

  const v6 = a.addresses.filter(isV6);
  if (v6.length > 0) {
    // A static IPv6 setup gets exactly its addresses, as ifupdown's `inet6 static` (autoconf 0).
    lines.push(assign('IPV6INIT', 'yes'), assign('IPV6_AUTOCONF', 'no'), assign('IPV6ADDR', v6[0]!));
    if (v6.length > 1) lines.push(assign('IPV6ADDR_SECONDARIES', v6.slice(1).join(' ')));
  }
  if (a.gateway6 !== undefined) lines.push(assign('IPV6_DEFAULTGW', gateway6(a.gateway6, bond.name)));

  const dns = a.dns ?? [];
  if (dns.length > MAX_DNS) {
    throw new TsprovError('E_RENDER_UNSUPPORTED', `${bond.name}: network-scripts sets at most ${MAX_DNS} nameservers (DNS1..DNS${MAX_DNS}); got ${dns.length}`);
  }
  dns.forEach((d, k) => lines.push(assign(`DNS${k + 1}`, d)));
  if (a.dns_search?.length) lines.push(assign('DOMAIN', a.dns_search.join(' ')));
  return lines;
}

export function bondKeys(bond: Bond, notes: PlanNote[]): string[] {
  const lines = [
    assign('DEVICE', bond.name),
    assign('NAME', bond.name),
    assign('TYPE', 'Bond'),
    assign('BONDING_MASTER', 'yes'),
    assign('BONDING_OPTS', bondingOpts(bond)),
    assign('ONBOOT', 'yes'),
    ...addressing(bond, notes),
  ];
  if (bond.mtu !== undefined) lines.push(assign('MTU', bond.mtu));
  // MACADDR sets the address; HWADDR would only name which NIC the file is for.
  if (bond.hwaddress !== undefined) lines.push(assign('MACADDR', bond.hwaddress));
  return lines;
}

export function slaveKeys(slave: string, bond: Bond): string[] {
  return [
    assign('DEVICE', slave),
    assign('TYPE', 'Ethernet'),
    assign('MASTER', bond.name),
    assign('SLAVE', 'yes'),
    assign('ONBOOT', 'yes'),
    assign('BOOTPROTO', 'none'),
  ];
}

/** Addressing keys that would add to or contradict what tsprov writes if an older file kept them. */
const STALE_ADDRESSING = /^(IPADDR|PREFIX|NETMASK|BROADCAST|GATEWAY)\d*$|^DNS\d+$|^(DOMAIN|IPV6ADDR|IPV6ADDR_SECONDARIES|IPV6_DEFAULTGW)$/;

/** What an interface is and whose port it is: tsprov decides these for its bond and slaves. */
const ROLE = new Set(['DEVICE', 'TYPE', 'DEVICETYPE', 'ONBOOT', 'BOOTPROTO', 'MASTER', 'MASTER_UUID', 'SLAVE', 'BONDING_MASTER', 'BONDING_OPTS', 'TEAM_MASTER', 'TEAM_MASTER_UUID', 'TEAM_CONFIG', 'TEAM_PORT_CONFIG', 'BRIDGE', 'BRIDGE_UUID', 'VLAN', 'PHYSDEV']);

/**
 * Keys of an earlier file that give way in a bond's file: those tsprov writes now, the role keys,
 * and stale addressing (an old IPADDR2 would still be configured). PEERDNS=no and DEFROUTE=no
 * would silently cancel the inventory's dns and gateway, so they go when those are set. The rest
 * (METRIC, ZONE, NM_CONTROLLED, ETHTOOL_OPTS, BRIDGE, IPV6_PRIVACY, an MTU the inventory does not
 * set, …) is not tsprov's to decide and stays.
 */
export function bondManaged(bond: Bond, written: ReadonlySet<string>): (key: string) => boolean {
  const a = bond.addressing;
  const dns = a.method === 'static' && Boolean(a.dns?.length || a.dns_search?.length);
  const gateway = a.method === 'static' && (a.gateway !== undefined || a.gateway6 !== undefined);
  return (key) =>
    written.has(key) ||
    // A bond may itself be a bridge port (BRIDGE=br0): that is not tsprov's to undo.
    (ROLE.has(key) && key !== 'BRIDGE' && key !== 'BRIDGE_UUID') ||
    STALE_ADDRESSING.test(key) ||
    (dns && key === 'PEERDNS') ||
    (gateway && key === 'DEFROUTE');
}

/** Every addressing key, indexed or not: IPADDR2, ARPCHECK0, DNS3, IPV6_*, DHCP_HOSTNAME, … */
const ANY_ADDRESSING = /^(IPADDR|PREFIX|NETMASK|BROADCAST|GATEWAY|ARPCHECK|ARPUPDATE)\d*$|^DNS\d+$|^(IPV6|DHCP|DHCLIENT|PERSISTENT_DHCLIENT)|^(DOMAIN|DEFROUTE|PEERDNS|PEERROUTES|SRCADDR|SCOPE|METRIC|IPV4_FAILURE_FATAL|NOZEROCONF)$/;

/**
 * Keys of an earlier file that give way in a slave's file: its role, and all addressing (ifup-eth
 * stops reading a slave's file once it is enslaved, so an old IPADDR there would only mislead).
 * What describes the NIC itself stays: HWADDR, MACADDR, MTU, ETHTOOL_OPTS, NM_CONTROLLED, UUID, NAME, …
 */
export function slaveManaged(key: string): boolean {
  return ROLE.has(key) || ANY_ADDRESSING.test(key);
}
