/**
 * `state: absent` on every backend, as a round trip: a host with someone else's config for the
 * slaves gets a bond, then the bond is removed. What tsprov wrote goes, what it took over comes
 * back, files it never owned are untouched; and removing again changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, Bond } from '../../../src/config/bond-model.ts';
import { renderers } from '../../../src/render/registry.ts';
import type { RenderInput } from '../../../src/render/types.ts';

const ENV = { modutils: false, ifenslaveCommand: false, maxBondsZero: true };
const bond: Bond = { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], options: { miimon: 100 }, addressing: { method: 'static', addresses: ['192.0.2.10/24'] } };
const gone: Bond = { ...bond, state: 'absent', slaves: ['eth1', 'eth2'] };

type Files = Record<string, string | null>;

function apply(backend: Backend, existing: Files, input: Partial<RenderInput>): Files {
  const out = renderers[backend]({ bonds: [], existing, env: ENV, ...input });
  const after = { ...existing };
  for (const f of out.files) after[f.path] = f.content;
  return after;
}

/** Present files only, for comparing trees (null = absent either way). */
const present = (f: Files): Record<string, string> => Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => e[1] !== null));

function roundTrip(backend: Backend, original: Files): { configured: Files; removed: Files } {
  const configured = apply(backend, original, { bonds: [bond] });
  assert.notDeepEqual(present(configured), present(original), 'the bond was configured');
  const removed = apply(backend, configured, { absent: [gone] });
  // Removing again wants no change.
  const again = renderers[backend]({ bonds: [], absent: [gone], existing: removed, env: ENV });
  for (const f of again.files) assert.equal(f.content, removed[f.path] ?? null, `${f.path} changes on a second removal`);
  return { configured, removed };
}

const IFACES = '/etc/network/interfaces';
const DEBIAN = 'source /etc/network/interfaces.d/*\n\n# The loopback network interface\nauto lo\niface lo inet loopback\n\n# The primary network interface\nallow-hotplug eth0\niface eth0 inet dhcp\n\n# second NIC\nallow-hotplug eth1\niface eth1 inet dhcp\n    hwaddress 52:54:00:12:34:01\n';

test('ifupdown: removing the bond gives the interfaces file back byte for byte (the stanzas it replaced come back)', () => {
  const original = { [IFACES]: DEBIAN.replace('source /etc/network/interfaces.d/*\n\n', '') };
  const { configured, removed } = roundTrip('ifupdown', original);
  assert.match(configured[IFACES]!, /# tsprov replaced \(bond0, eth1\): iface eth1 inet dhcp\n/);
  assert.doesNotMatch(configured[IFACES]!, /^iface eth1 inet dhcp/m);
  assert.equal(removed[IFACES], original[IFACES]);
});

test('ifupdown with interfaces.d: the bond file goes, the slave stanzas it replaced come back in its place', () => {
  const original = { [IFACES]: DEBIAN, '/etc/network/interfaces.d/bond0': null };
  const { configured, removed } = roundTrip('ifupdown', original);
  assert.match(configured['/etc/network/interfaces.d/bond0']!, /^auto bond0$/m);
  assert.doesNotMatch(configured[IFACES]!, /eth1/);
  const back = removed['/etc/network/interfaces.d/bond0'];
  assert.equal(back, 'allow-hotplug eth1\niface eth1 inet dhcp\n    hwaddress 52:54:00:12:34:01\n');
  assert.equal(removed[IFACES], DEBIAN.replace('\n# second NIC\nallow-hotplug eth1\niface eth1 inet dhcp\n    hwaddress 52:54:00:12:34:01\n', '\n# second NIC\n'));
});

test('ifupdown: a slave that leaves the bond gets its earlier stanza back; one moving to another bond keeps it kept', () => {
  const original = { [IFACES]: 'auto lo\niface lo inet loopback\n\nallow-hotplug eth2\niface eth2 inet static\n    address 198.51.100.2/24\n' };
  const configured = apply('ifupdown', original, { bonds: [bond] });
  const left = apply('ifupdown', configured, { bonds: [{ ...bond, slaves: ['eth1'] }] });
  assert.match(left[IFACES]!, /^allow-hotplug eth2\niface eth2 inet static\n    address 198\.51\.100\.2\/24\n/m);
  assert.doesNotMatch(left[IFACES]!, /tsprov replaced/);
  assert.doesNotMatch(left[IFACES]!, /^iface eth2 inet manual/m, "tsprov's own slave stanza for eth2 is gone");
  const moved = apply('ifupdown', configured, { bonds: [{ ...bond, slaves: ['eth1'] }, { ...bond, name: 'bond1', slaves: ['eth2'], addressing: { method: 'manual' } }] });
  assert.match(moved[IFACES]!, /# tsprov replaced \(bond1, eth2\): iface eth2 inet static/);
  assert.doesNotMatch(moved[IFACES]!, /\(bond0, eth2\)/);
});

test('ifupdown: the removed bond\'s own earlier stanza is not brought back (that would bring the bond back)', () => {
  const original = { [IFACES]: 'auto bond0\niface bond0 inet dhcp\n    bond-slaves eth1 eth2\n' };
  const { configured, removed } = roundTrip('ifupdown', original);
  assert.match(configured[IFACES]!, /# tsprov replaced \(bond0, bond0\): iface bond0 inet dhcp/);
  assert.doesNotMatch(removed[IFACES]!, /bond0/);
});

test('networkd: tsprov\'s files go; a .network it hid comes back into effect by itself, untouched', () => {
  const wired = '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n';
  const original = { '/etc/systemd/network/20-wired.network': wired };
  const { configured, removed } = roundTrip('networkd', original);
  assert.equal(Object.keys(present(configured)).length, 5);
  assert.deepEqual(present(removed), original);
});

test('netplan: tsprov\'s file goes, the others stay', () => {
  const cloud = 'network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n';
  const original = { '/etc/netplan/50-cloud-init.yaml': cloud };
  const { removed } = roundTrip('netplan', original);
  assert.deepEqual(present(removed), original);
});

test('nm: tsprov\'s profiles go (bond and ports), a profile it did not write stays', () => {
  const other = '[connection]\nid=spare\nuuid=0b1e2c3d-0000-4000-8000-000000000001\ntype=ethernet\ninterface-name=eth3\n';
  const original = { '/etc/NetworkManager/system-connections/spare.nmconnection': other };
  const { configured, removed } = roundTrip('nm', original);
  assert.equal(Object.keys(present(configured)).length, 4);
  assert.deepEqual(present(removed), original);
});

test('ifcfg: the bond file goes, a slave file tsprov took over becomes the earlier file again, one it created goes', () => {
  const D = '/etc/sysconfig/network-scripts/';
  const eth1 = 'TYPE=Ethernet\nBOOTPROTO=dhcp\nNAME=eth1\nDEVICE=eth1\nONBOOT=yes\nHWADDR=52:54:00:12:34:01\n';
  const original = { [`${D}ifcfg-eth1`]: eth1 };
  const { configured, removed } = roundTrip('ifcfg', original);
  assert.match(configured[`${D}ifcfg-eth1`]!, /^MASTER=bond0$/m);
  assert.deepEqual(present(removed), original);
});

test('a removed bond that another file still creates is said, never edited', () => {
  const foreign = '[NetDev]\nName=bond0\nKind=bond\n';
  const out = renderers.networkd({ bonds: [], absent: [gone], existing: { '/etc/systemd/network/30-old.netdev': foreign }, env: ENV });
  assert.deepEqual(out.files, []);
  assert.match(out.notes[0]!.message, /bond0 is removed, but \/etc\/systemd\/network\/30-old\.netdev still creates it/);
  const nm = renderers.netplan({ bonds: [], absent: [gone], existing: { '/etc/netplan/90-tsprov-bond0.yaml': 'network: {}\n' }, env: ENV });
  assert.deepEqual(nm.files, []);
  assert.match(nm.notes[0]!.message, /is not tsprov's: left as it is/);
});
