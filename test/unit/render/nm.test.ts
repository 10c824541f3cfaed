/**
 * The nm backend beyond its golden cases: what it refuses (and with which file named), the
 * profile UUIDs, the reload and rollback commands, and that one changed setting changes only its
 * own lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bond } from '../../../src/config/bond-model.ts';
import { BOND_OPTION_NAMES } from '../../../src/config/bond-schema.ts';
import { TsprovError } from '../../../src/core/errors.ts';
import { reload, render, spelling } from '../../../src/render/nm/index.ts';
import { profileUuid } from '../../../src/render/nm/profiles.ts';
import type { RenderInput } from '../../../src/render/types.ts';

const ENV = { modutils: false, ifenslaveCommand: false, maxBondsZero: true };
const D = '/etc/NetworkManager/system-connections';

function bond(over: Partial<Bond> = {}): Bond {
  return { name: 'bond0', mode: '802.3ad', slaves: ['eth1', 'eth2'], options: { miimon: 100 }, addressing: { method: 'manual' }, ...over };
}
const input = (bonds: Bond[], existing: RenderInput['existing'] = {}): RenderInput => ({ bonds, existing, env: ENV });

function refused(code: string, pattern: RegExp, i: RenderInput): void {
  assert.throws(
    () => render(i),
    (e: unknown) => e instanceof TsprovError && e.code === code && pattern.test(e.message),
  );
}

test('nm spelling: every kernel option is spelled or null, and NM 1.42 lacks exactly three', () => {
  assert.deepEqual(Object.keys(spelling).sort(), [...BOND_OPTION_NAMES].sort());
  const cannot = Object.entries(spelling).filter(([, s]) => s === null).map(([o]) => o).sort();
  assert.deepEqual(cannot, ['coupled_control', 'lacp_active', 'ns_ip6_target']);
  assert.equal(spelling.peer_notif_delay, '[bond] peer_notif_delay=');
});

test('nm refuses an option NM 1.42 cannot express, naming the bond and the option', () => {
  refused('E_BACKEND_OPTION', /bond0\.lacp_active/, input([bond({ options: { miimon: 100, lacp_active: true } })]));
  refused('E_BACKEND_OPTION', /bond0\.ns_ip6_target/, input([bond({ mode: 'active-backup', options: { ns_ip6_target: ['2001:db8::1'] } })]));
});

test('nm refuses combinations NetworkManager would not load or would strip', () => {
  refused('E_BACKEND_OPTION', /arp_ip_target needs arp_interval/, input([bond({ mode: 'active-backup', options: { arp_ip_target: ['192.0.2.1'] } })]));
  refused('E_BACKEND_OPTION', /multiple of NetworkManager's default miimon 100/, input([bond({ options: { peer_notif_delay: 150 } })]));
  refused('E_BACKEND_OPTION', /one kernel setting/, input([bond({ options: { miimon: 100, num_grat_arp: 2, num_unsol_na: 3 } })]));
  refused('E_BACKEND_OPTION', /updelay needs miimon/, input([bond({ options: { miimon: 0, updelay: 200 } })]));
  refused('E_BACKEND_OPTION', /primary is dropped by NetworkManager in mode 802\.3ad/, input([bond({ options: { miimon: 100, primary: 'eth1' } })]));
});

test('nm refuses IPv4 DNS servers without an IPv4 address instead of starting a DHCP client', () => {
  const addressing = { method: 'static' as const, addresses: ['2001:db8::5/64'], dns: ['192.0.2.53'] };
  refused('E_RENDER_UNSUPPORTED', /IPv4 DNS servers/, input([bond({ addressing })]));
});

test('nm refuses, naming the file, a foreign profile that would fight over a bond or slave', () => {
  const port = `[connection]\nid=bond-slave-eth1\nuuid=11111111-2222-4333-8444-555555555555\ntype=ethernet\ninterface-name=eth1\nmaster=bond0\nslave-type=bond\n`;
  refused('E_RENDER_CONFLICT', /bond-slave-eth1\.nmconnection \(id "bond-slave-eth1", uuid 11111111-2222-4333-8444-555555555555\) is another port profile of eth1 in bond0/, input([bond()], { [`${D}/bond-slave-eth1.nmconnection`]: port }));
  // Same NIC, port of another bond at boot, by controller=/port-type= (NM 1.46 spelling)...
  const other = `[connection]\nid=x\ntype=ethernet\ninterface-name=eth2\ncontroller=bond7\nport-type=bond\n`;
  refused('E_RENDER_CONFLICT', /x\.nmconnection \(id "x"\) makes eth2 a port of bond7 at boot/, input([bond()], { [`${D}/x.nmconnection`]: other }));
  // ...unless it does not connect by itself; a port of tsprov's bond conflicts even then.
  const idle = other.replace('[connection]\n', '[connection]\nautoconnect=false\n');
  assert.equal(render(input([bond()], { [`${D}/x.nmconnection`]: idle })).notes.length, 1);
  refused('E_RENDER_CONFLICT', /another port profile of eth1 in bond0/, input([bond()], { [`${D}/p.nmconnection`]: port.replace('type=ethernet\n', 'type=ethernet\nautoconnect=false\n') }));
  // A foreign NIC enslaved to our bond.
  const extra = `[connection]\nid=y\ntype=ethernet\ninterface-name=eth9\nmaster=bond0\nslave-type=bond\n`;
  refused('E_RENDER_CONFLICT', /y\.nmconnection .* adds eth9 to bond0/, input([bond()], { [`${D}/y.nmconnection`]: extra }));
  // A hand-made bond profile for the same bond that connects by itself.
  const hand = `[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=balance-rr\n`;
  refused('E_RENDER_CONFLICT', /bond0\.nmconnection .* activates on bond0 by itself/, input([bond()], { [`${D}/bond0.nmconnection`]: hand }));
  // ...but not once it no longer connects by itself.
  const off = hand.replace('type=bond\n', 'type=bond\nautoconnect=false\n');
  assert.doesNotThrow(() => render(input([bond()], { [`${D}/bond0.nmconnection`]: off })));
  // A foreign profile taking tsprov's id.
  const same = `[connection]\nid=tsprov-bond0\ntype=bond\nautoconnect=false\ninterface-name=bondX\n`;
  refused('E_RENDER_CONFLICT', /id or UUID of a profile tsprov writes/, input([bond()], { [`${D}/mine.nmconnection`]: same }));
});

test('nm refuses a bond or slave that ifupdown configures, naming the file and stanza', () => {
  const main = 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n';
  const i = input([bond()], { '/etc/network/interfaces': main, '/etc/network/interfaces.d/eth2': 'allow-hotplug eth2\niface eth2 inet dhcp\n' });
  refused('E_RENDER_CONFLICT', /\/etc\/network\/interfaces\.d\/eth2 configures eth2 \(iface eth2 inet dhcp\)/, i);
  // interfaces.d that the main file does not source is not read by ifupdown.
  const unsourced = input([bond()], { '/etc/network/interfaces': 'auto lo\niface lo inet loopback\n', '/etc/network/interfaces.d/eth2': 'iface eth2 inet dhcp\n' });
  assert.doesNotThrow(() => render(unsourced));
});

test('nm refuses an ifcfg file for a bond or slave (RHEL: NM reads it through ifcfg-rh) unless NM_CONTROLLED=no', () => {
  const D = '/etc/sysconfig/network-scripts/';
  refused('E_RENDER_CONFLICT', /ifcfg-eth1 configures eth1 \(NetworkManager reads ifcfg files through its ifcfg-rh plugin on RHEL\)/, input([bond()], { [`${D}ifcfg-eth1`]: 'DEVICE=eth1\nBOOTPROTO=dhcp\nONBOOT=yes\n' }));
  refused('E_RENDER_CONFLICT', /ifcfg-eth9 adds eth9 to bond0 \(MASTER=bond0/, input([bond()], { [`${D}ifcfg-eth9`]: 'DEVICE=eth9\nMASTER=bond0\nSLAVE=yes\n' }));
  assert.doesNotThrow(() => render(input([bond()], { [`${D}ifcfg-eth1`]: 'DEVICE=eth1\nNM_CONTROLLED=no\n', [`${D}ifcfg-eth0`]: 'DEVICE=eth0\nBOOTPROTO=dhcp\n' })));
});

test('nm refuses two profiles that would get the same name', () => {
  const a = bond({ name: 'a', slaves: ['x-port-y'] });
  const b = bond({ name: 'a-port-x', slaves: ['y'] });
  refused('E_RENDER_CONFLICT', /two profiles would be named tsprov-a-port-x-port-y/, input([a, b]));
});

test('nm profile UUIDs: name-based (v5), stable, distinct per profile', () => {
  const u = profileUuid('tsprov-bond0');
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(profileUuid('tsprov-bond0'), u);
  assert.notEqual(profileUuid('tsprov-bond1'), u);
});

test('nm: one changed setting changes only its own lines, and files are 0600', () => {
  const addressing = { method: 'static' as const, addresses: ['10.1.100.63/24'], dns: ['10.1.100.2'] };
  const first = render(input([bond({ options: { miimon: 100, lacp_rate: 'fast' }, addressing })]));
  const existing = Object.fromEntries(first.files.map((f) => [f.path, f.content]));
  const second = render(input([bond({ options: { miimon: 100, lacp_rate: 'fast' }, addressing: { ...addressing, dns: ['10.1.100.9'] } })], existing));
  const changed = second.files.filter((f) => f.content !== existing[f.path]);
  assert.deepEqual(changed.map((f) => f.path), [`${D}/tsprov-bond0.nmconnection`]);
  const before = existing[`${D}/tsprov-bond0.nmconnection`]!.split('\n');
  const after = changed[0]!.content!.split('\n');
  assert.deepEqual(after.filter((l) => !before.includes(l)), ['dns=10.1.100.9;']);
  assert.ok(after.includes('mode=802.3ad') && after.includes('lacp_rate=fast'));
  for (const f of [...first.files, ...second.files]) assert.equal(f.mode, '0600');
});

test('nm reload: only the named bonds, torn down first when a live bond refuses the change', () => {
  const bonds = [bond(), bond({ name: 'bond1', slaves: ['eth3', 'eth4'] })];
  assert.deepEqual(reload.commands({ reload: ['bond0', 'bond1'], needsDown: ['bond1'], bonds }), [
    'nmcli connection reload',
    'nmcli connection down id tsprov-bond1 >/dev/null 2>&1 || true',
    'ip link del dev bond1 >/dev/null 2>&1 || true',
    'nmcli connection up id tsprov-bond0',
    'nmcli connection up id tsprov-bond1',
  ]);
  assert.deepEqual(reload.commands({ reload: [], needsDown: [], bonds }), []);
});

test('nm rollback: reload the restored files, remove the bond, bring back what was there', () => {
  assert.deepEqual(reload.rollbackCommands({ bonds: [bond()] }), [
    'nmcli connection reload >/dev/null 2>&1 || true',
    'nmcli connection down id tsprov-bond0 >/dev/null 2>&1 || true',
    'ip link del dev bond0 >/dev/null 2>&1 || true',
    `if [ -e ${D}/tsprov-bond0.nmconnection ]; then nmcli connection up id tsprov-bond0 >/dev/null 2>&1 || true; fi`,
    `[ -e ${D}/tsprov-bond0-port-eth1.nmconnection ] || nmcli device connect eth1 >/dev/null 2>&1 || true`,
    `[ -e ${D}/tsprov-bond0-port-eth2.nmconnection ] || nmcli device connect eth2 >/dev/null 2>&1 || true`,
  ]);
});
