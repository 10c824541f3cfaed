/** Address lines for a bond's iface stanzas, in two dialects: modern (CIDR) and Sarge (netmask). */
import type { Bond } from '../../config/bond-model.ts';

export interface IfaceStanza {
  family: 'inet' | 'inet6';
  method: 'static' | 'dhcp' | 'manual';
  lines: string[];
}

export const isV6 = (cidr: string): boolean => cidr.includes(':');

/** 24 → 255.255.255.0 */
export function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

function splitCidr(cidr: string): { addr: string; prefix: string | undefined } {
  const [addr, prefix] = cidr.split('/');
  return { addr: addr!, prefix };
}

/**
 * One stanza per address family and extra address (ifupdown allows several stanzas for one
 * interface; each adds its address). `cidr` picks `address a/n` (ifupdown 0.8, bookworm) over
 * `address a` + `netmask` (ifupdown 0.6, Sarge).
 */
export function addressStanzas(bond: Bond, cidr: boolean): IfaceStanza[] {
  const a = bond.addressing;
  if (a.method !== 'static') return [{ family: 'inet', method: a.method, lines: [] }];
  const line = (c: string): string[] => {
    const { addr, prefix } = splitCidr(c);
    if (cidr || prefix === undefined) return [`address ${c}`];
    return [`address ${addr}`, `netmask ${isV6(c) ? prefix : prefixToNetmask(Number(prefix))}`];
  };
  const out: IfaceStanza[] = [];
  for (const family of ['inet', 'inet6'] as const) {
    const addrs = a.addresses.filter((c) => isV6(c) === (family === 'inet6'));
    addrs.forEach((c, k) => {
      const lines = line(c);
      const gw = family === 'inet' ? a.gateway : a.gateway6;
      if (k === 0 && gw !== undefined) lines.push(`gateway ${gw}`);
      out.push({ family, method: 'static', lines });
    });
  }
  if (out.length === 0) out.push({ family: 'inet', method: 'manual', lines: [] });
  return out;
}

/** dns-* lines (read by resolvconf's ifupdown hook). */
export function dnsLines(bond: Bond): string[] {
  const a = bond.addressing;
  if (a.method !== 'static') return [];
  const out: string[] = [];
  if (a.dns?.length) out.push(`dns-nameservers ${a.dns.join(' ')}`);
  if (a.dns_search?.length) out.push(`dns-search ${a.dns_search.join(' ')}`);
  return out;
}

/** hwaddress and mtu: the dhcp method knows no `mtu` option, so it becomes an `up` line there. */
export function linkLines(bond: Bond, method: IfaceStanza['method']): string[] {
  const out: string[] = [];
  if (bond.hwaddress !== undefined) out.push(`hwaddress ether ${bond.hwaddress}`);
  if (bond.mtu !== undefined) {
    out.push(method === 'dhcp' ? `up ip link set dev ${bond.name} mtu ${bond.mtu}` : `mtu ${bond.mtu}`);
  }
  return out;
}

export function printStanza(name: string, s: IfaceStanza, options: string[], indent: string): string {
  return [`iface ${name} ${s.family} ${s.method}`, ...options.map((l) => indent + l)].join('\n') + '\n';
}
