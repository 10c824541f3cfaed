/** Where verification reconnects after an apply: the inventory address, unless the change moves it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toBond } from '../../../src/config/bond-normalise.ts';
import type { Host } from '../../../src/core/host.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { movedManagementAddress } from '../../../src/engine/reconnect.ts';

const host = (conn: Partial<Host['connection']> = {}): Host => ({ name: 'web1', groups: [], vars: {}, connection: { type: 'ssh', address: '10.0.0.5', become: false, ...conn } });
const facts = (dev: string | undefined, inUse: string | undefined) => {
  const f = defaultFacts();
  f.management = { sshClientIp: '10.0.0.1', ...(dev ? { interface: dev } : {}), ...(inUse ? { sshServerIp: inUse } : {}) };
  return f;
};
const bond = (address: string | string[] | undefined, slaves = ['eth0', 'eth1']) =>
  toBond({ name: 'bond0', mode: 'active-backup', slaves, miimon: 100, ...(address === undefined ? { dhcp: true } : Array.isArray(address) ? { addresses: address } : { address }) } as never);

test('reconnect_address wins whenever it differs from the address', () => {
  assert.deepEqual(movedManagementAddress(host({ reconnectAddress: '10.0.9.9' }), facts(undefined, undefined), []), { address: '10.0.9.9', why: 'reconnect_address' });
  assert.equal(movedManagementAddress(host({ reconnectAddress: '10.0.0.5' }), facts(undefined, undefined), []), undefined);
});

test('the session NIC becomes a slave of a bond with another address: that address', () => {
  const m = movedManagementAddress(host(), facts('eth0', '10.0.0.5'), [bond('10.0.0.50/24')]);
  assert.equal(m?.address, '10.0.0.50');
  assert.match(m!.why, /came in on 10\.0\.0\.5 over eth0, which bond0 takes over/);
  // The bond keeps the address in use: nothing moves.
  assert.equal(movedManagementAddress(host(), facts('eth0', '10.0.0.5'), [bond(['10.0.0.5/24', '10.0.0.50/24'])]), undefined);
  // Same family only.
  assert.equal(movedManagementAddress(host(), facts('eth0', '10.0.0.5'), [bond(['fd00::5/64', '10.0.0.60/24'])])?.address, '10.0.0.60');
});

test('nothing is guessed behind NAT or forwards, for DHCP bonds, or when no bond touches the session NIC', () => {
  assert.equal(movedManagementAddress(host({ address: '127.0.0.1', port: 2222 }), facts('eth0', '10.0.2.15'), [bond('10.0.0.50/24')]), undefined);
  assert.equal(movedManagementAddress(host(), facts('eth0', '10.0.0.5'), [bond(undefined)]), undefined);
  assert.equal(movedManagementAddress(host(), facts('eth2', '10.0.0.5'), [bond('10.0.0.50/24')]), undefined);
  assert.equal(movedManagementAddress(host({ type: 'local' }), facts('eth0', '10.0.0.5'), [bond('10.0.0.50/24')]), undefined);
  // Through a jump host the address is the one the jump host uses, so the same rule applies.
  assert.equal(movedManagementAddress(host({ jump: 'root@gw' }), facts('bond0', '10.0.0.5'), [bond('10.0.0.50/24')])?.address, '10.0.0.50');
});
