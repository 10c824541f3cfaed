/**
 * Where to verify a host after an apply: its inventory address, unless the change moves its
 * management address. Pure, so every case is a unit test.
 */
import type { Bond } from '../config/bond-model.ts';
import type { Host } from '../core/host.ts';
import type { HostFacts } from '../facts/types.ts';

export interface MovedAddress {
  address: string;
  why: string;
}

const bare = (cidr: string): string => cidr.replace(/\/\d+$/, '');
const isV6 = (ip: string): boolean => ip.includes(':');

/**
 * `reconnect_address` when the inventory sets it; otherwise, when the SSH session comes in
 * directly on an interface a declared bond takes over (as a slave, or the bond itself) and the
 * bond's static addresses do not keep the address in use, the bond's first static address of the
 * same family. Through a jump host this holds as seen from the jump host. Behind NAT or a port
 * forward the address in use is not the inventory's, so nothing is guessed: set `reconnect_address`.
 */
export function movedManagementAddress(host: Host, facts: HostFacts, bonds: readonly Bond[]): MovedAddress | undefined {
  const conn = host.connection;
  if (conn.type !== 'ssh') return undefined;
  if (conn.reconnectAddress && conn.reconnectAddress !== conn.address) {
    return { address: conn.reconnectAddress, why: 'reconnect_address' };
  }
  const { interface: dev, sshServerIp: inUse } = facts.management;
  if (!dev || !inUse || conn.address !== inUse) return undefined;
  const bond = bonds.find((b) => b.state !== 'absent' && (b.name === dev || b.slaves.includes(dev)));
  if (!bond || bond.addressing.method !== 'static') return undefined;
  const own = bond.addressing.addresses.map(bare);
  if (own.includes(inUse)) return undefined;
  const next = own.find((a) => isV6(a) === isV6(inUse));
  if (!next) return undefined;
  return { address: next, why: `the SSH session came in on ${inUse} over ${dev}, which ${bond.name} takes over without that address` };
}
