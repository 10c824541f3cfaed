import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configuredBy, parseNmInterfaces } from '../../../src/facts/parse/nic-config.ts';
import { checkBackendConflicts } from '../../../src/modules/preconditions/backend-conflict.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { toBond } from '../../../src/config/bond-normalise.ts';
import type { HostFacts } from '../../../src/facts/types.ts';

const FILES: Record<string, string | null> = {
  '/etc/network/interfaces': 'auto lo\niface lo inet loopback\n\nallow-hotplug eth1\niface eth1 inet dhcp\n\niface bond7 inet manual\n    bond-slaves eth9 eth10\n',
  '/etc/systemd/network/20-wired.network': '[Match]\nName=en* eth2\n\n[Network]\nDHCP=yes\n',
  '/etc/systemd/network/30-other.network': '[Match]\nName=!eth* en* lo\nName=bond*\n[Network]\nDHCP=yes\n',
  '/etc/netplan/01-netcfg.yaml': 'network:\n  version: 2\n  ethernets:\n    eth4: {dhcp4: true}\n    lan:\n      match: {name: "eth5*"}\n  bonds:\n    bond9: {interfaces: [eth6]}\n',
  '/etc/netplan/broken.yaml': 'network: [',
  '/etc/sysconfig/network-scripts/ifcfg-eth7': 'DEVICE="eth7"\nONBOOT=yes\n',
  '/etc/NetworkManager/system-connections/bond.nmconnection': '[connection]\nid=b\ntype=bond\ninterface-name=bond1\n',
  '/etc/network/interfaces.d/gone': null,
};
const NM = parseNmInterfaces('/etc/NetworkManager/system-connections/Wired 1.nmconnection:interface-name=eth8\n/etc/NetworkManager/system-connections/x:interface-name=\n');

test('nmiface lines: keyfile → interface, empty bindings dropped, spaces in names kept', () => {
  assert.deepEqual(NM, { '/etc/NetworkManager/system-connections/Wired 1.nmconnection': 'eth8' });
});

test('which backend configures a NIC, from each format\'s own binding lines', () => {
  const by = (nic: string): string[] => configuredBy(nic, { files: FILES, nmInterfaces: NM }).map((c) => `${c.backend} ${c.file}`);
  assert.deepEqual(by('eth1'), ['ifupdown /etc/network/interfaces']);
  assert.deepEqual(by('eth10'), ['ifupdown /etc/network/interfaces'], 'a bond stanza\'s bond-slaves');
  assert.deepEqual(by('eth2'), ['networkd /etc/systemd/network/20-wired.network']);
  assert.deepEqual(by('enp1s0'), ['networkd /etc/systemd/network/20-wired.network']);
  assert.deepEqual(by('wlan0'), ['networkd /etc/systemd/network/30-other.network'], 'an inverted list matches what none of its globs does');
  assert.deepEqual(by('eth3'), []);
  assert.deepEqual(by('eth4'), ['netplan /etc/netplan/01-netcfg.yaml']);
  assert.deepEqual(by('eth5x'), ['netplan /etc/netplan/01-netcfg.yaml'], 'match.name glob');
  assert.ok(!by('lan').some((c) => c.startsWith('netplan')), 'an id with a match is a name of its own, not a NIC');
  assert.deepEqual(by('eth6'), ['netplan /etc/netplan/01-netcfg.yaml'], 'a bond member');
  assert.deepEqual(by('eth7'), ['ifcfg /etc/sysconfig/network-scripts/ifcfg-eth7']);
  assert.deepEqual(by('eth8'), ['nm /etc/NetworkManager/system-connections/Wired 1.nmconnection']);
  assert.deepEqual(by('bond1'), ['nm /etc/NetworkManager/system-connections/bond.nmconnection'], 'a bond-related keyfile read in full');
  assert.deepEqual(by('lo'), []);
});

test('backend.conflict: a slave also configured by another active backend fails, naming the file; inactive backends do not count', () => {
  const facts: HostFacts = { ...defaultFacts(), files: FILES, nmInterfaces: NM, backend: { detected: 'networkd', active: ['networkd', 'nm'], evidence: ['systemd-networkd running'] } };
  const bond = toBond({ name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth8'] });
  const found = checkBackendConflicts(facts, [bond], 'networkd');
  assert.deepEqual(found.map((p) => [p.id, p.verdict]), [['backend.conflict:eth8', 'fail']], 'eth1 is ifupdown\'s, which is not active here');
  assert.match(found[0]!.message, /eth8 is also configured by nm \(\/etc\/NetworkManager\/system-connections\/Wired 1\.nmconnection\), active on this host/);
  assert.match(found[0]!.fix!, /remove eth8 from .*Wired 1\.nmconnection, or pin var backend/);
  assert.deepEqual(checkBackendConflicts({ ...facts, backend: { ...facts.backend, active: ['networkd', 'nm', 'ifupdown'] } }, [bond], 'nm').map((p) => p.id), ['backend.conflict:eth1'], 'the chosen backend\'s own files never conflict');
  assert.deepEqual(checkBackendConflicts(facts, [toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth3'] })], 'ifupdown'), []);
});

test('command.<tool>: each backend needs the tool its reload runs; ifupdown needs none of them', async () => {
  const { checkBackendTool } = await import('../../../src/modules/preconditions/tooling.ts');
  const facts = defaultFacts();
  const without = { ...facts, commands: { ...facts.commands, networkctl: false, netplan: false, nmcli: true, ifup: false } };
  assert.deepEqual(checkBackendTool(without, 'networkd').map((p) => [p.id, p.verdict]), [['command.networkctl', 'fail']]);
  assert.match(checkBackendTool(without, 'netplan')[0]!.fix!, /install netplan\.io/);
  assert.deepEqual(checkBackendTool(without, 'nm').map((p) => [p.id, p.verdict]), [['command.nmcli', 'ok']]);
  assert.deepEqual(checkBackendTool(without, 'ifcfg').map((p) => p.id), ['command.ifup']);
  assert.deepEqual(checkBackendTool(without, 'ifupdown'), []);
});
