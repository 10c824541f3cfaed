/**
 * The netplan backend beyond its golden cases: what it refuses (and that the message names the
 * file and the interface), the option table, the YAML as netplan reads it, and the reload text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import * as netplan from '../../../src/render/netplan/index.ts';
import { globMatches, parseNetplan } from '../../../src/render/netplan/foreign.ts';
import { restartUntilEnslaved } from '../../../src/render/networkd/restart.ts';
import type { RenderInput } from '../../../src/render/types.ts';
import type { Bond, BondOptions } from '../../../src/config/bond-model.ts';
import { TsprovError } from '../../../src/core/errors.ts';

const env = { modutils: false, ifenslaveCommand: false, maxBondsZero: true };
const OWN = '/etc/netplan/90-tsprov-bond0.yaml';

function bond(over: Partial<Bond> = {}): Bond {
  return { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], options: { miimon: 100 }, addressing: { method: 'manual' }, ...over };
}

function input(existing: Record<string, string | null> = {}, bonds: Bond[] = [bond()]): RenderInput {
  return { bonds, existing: { [OWN]: null, ...existing }, env };
}

function refused(inp: RenderInput, code: string, ...parts: Array<string | RegExp>): void {
  assert.throws(
    () => netplan.render(inp),
    (e: unknown) => {
      assert.ok(e instanceof TsprovError, String(e));
      assert.equal(e.code, code, e.message);
      for (const p of parts) {
        if (typeof p === 'string') assert.ok(e.message.includes(p), `${JSON.stringify(p)} not in: ${e.message}`);
        else assert.match(e.message, p);
      }
      return true;
    },
  );
}

test('netplan spelling: every kernel option is spelled or null, and the nulls are exactly what netplan 0.106 lacks', () => {
  const nulls = Object.entries(netplan.spelling).filter(([, v]) => v === null).map(([k]) => k).sort();
  assert.deepEqual(nulls, ['ad_actor_sys_prio', 'ad_actor_system', 'ad_user_port_key', 'coupled_control', 'lacp_active', 'ns_ip6_target', 'peer_notif_delay', 'tlb_dynamic_lb', 'use_carrier']);
  assert.equal(Object.keys(netplan.spelling).length, 29);
});

test('netplan: an option netplan cannot express refuses the host (E_BACKEND_OPTION), naming the option', () => {
  const options: BondOptions = { miimon: 100, use_carrier: false };
  refused(input({}, [bond({ options })]), 'E_BACKEND_OPTION', 'bond0.use_carrier');
  refused(input({}, [bond({ mode: '802.3ad', options: { lacp_active: true, ad_actor_sys_prio: 100 } })]), 'E_BACKEND_OPTION', 'bond0.lacp_active', 'bond0.ad_actor_sys_prio');
});

test('netplan: values netplan or networkd would drop are refused, not rendered', () => {
  refused(input({}, [bond({ options: { arp_interval: 100, arp_ip_target: ['192.0.2.1'], arp_validate: 'filter' } })]), 'E_BACKEND_OPTION', 'bond0.arp_validate filter');
  refused(input({}, [bond({ mode: '802.3ad', options: { xmit_hash_policy: 'vlan+srcmac' } })]), 'E_BACKEND_OPTION', 'vlan+srcmac');
  refused(input({}, [bond({ options: { num_grat_arp: 0 } })]), 'E_BACKEND_OPTION', 'bond0.num_grat_arp 0', 'kernel default 1');
  refused(input({}, [bond({ mode: 'balance-rr', options: { packets_per_slave: 0 } })]), 'E_BACKEND_OPTION', 'packets_per_slave 0');
  refused(input({}, [bond({ options: { num_grat_arp: 2, num_unsol_na: 3 } })]), 'E_BACKEND_OPTION', 'same value');
  // Equal values are one setting: written once.
  const out = netplan.render(input({}, [bond({ options: { num_grat_arp: 2, num_unsol_na: 2 } })]));
  assert.equal((out.files[0]!.content!.match(/gratuitous-arp: 2/g) ?? []).length, 1);
});

test('netplan: a slave declared in a file tsprov does not own is refused, naming the file and the interface', () => {
  const cloud = '/etc/netplan/50-cloud-init.yaml';
  refused(input({ [cloud]: 'network:\n  version: 2\n  ethernets:\n    eth1:\n      dhcp4: true\n' }), 'E_RENDER_CONFLICT', 'eth1 (slave of bond0) is declared as ethernets.eth1 in /etc/netplan/50-cloud-init.yaml', 'tsprov never edits');
  // The same interface reached by set-name, by a name pattern, or as a member of another bridge.
  refused(input({ [cloud]: 'network:\n  ethernets:\n    nic1:\n      match: {macaddress: "52:54:00:00:00:01"}\n      set-name: eth2\n' }), 'E_RENDER_CONFLICT', 'eth2 (slave of bond0) is the set-name of ethernets.nic1');
  refused(input({ [cloud]: 'network:\n  ethernets:\n    all:\n      match:\n        name: "eth*"\n      dhcp4: true\n' }), 'E_RENDER_CONFLICT', 'eth1 (slave of bond0) matches ethernets.all', 'eth2 (slave of bond0) matches ethernets.all');
  refused(input({ [cloud]: 'network:\n  bridges:\n    br0:\n      interfaces: [eth2]\n' }), 'E_RENDER_CONFLICT', 'eth2 (slave of bond0) is a member of bridges.br0');
  refused(input({ [cloud]: 'network:\n  vlans:\n    v10:\n      id: 10\n      link: eth1\n' }), 'E_RENDER_CONFLICT', 'eth1 (slave of bond0) is the link of vlans.v10');
  // The bond itself, declared by the user's own file.
  refused(input({ '/etc/netplan/01-netcfg.yaml': 'network:\n  bonds:\n    bond0:\n      interfaces: []\n' }), 'E_RENDER_CONFLICT', 'bond0 (bond bond0) is declared as bonds.bond0 in /etc/netplan/01-netcfg.yaml');
});

test('netplan: tsprov\'s file for a bond this run does not declare still counts, and says so', () => {
  const other = '/etc/netplan/90-tsprov-bond9.yaml';
  const text = '# Managed by tsprov: netplan config of bond bond9. Local edits will be overwritten.\nnetwork:\n  ethernets:\n    eth1: {}\n  bonds:\n    bond9:\n      interfaces: [eth1]\n';
  refused(input({ [other]: text }), 'E_RENDER_CONFLICT', `in ${other} (tsprov's file for bond bond9, which this run does not declare)`);
});

test('netplan: a netplan file that does not parse is reported, and nothing is rendered', () => {
  refused(input({ '/etc/netplan/01-broken.yaml': 'network:\n  ethernets:\n    eth0: {dhcp4: true\n' }), 'E_RENDER_PARSE', '/etc/netplan/01-broken.yaml');
  // Files netplan does not read (not *.yaml) are not its business.
  assert.doesNotThrow(() => netplan.render(input({ '/etc/netplan/01-broken.yaml.bak': ': : :\n  - [' })));
});

test('netplan: a file at tsprov\'s path that tsprov did not write is never overwritten', () => {
  refused(input({ [OWN]: 'network:\n  version: 2\n' }), 'E_RENDER_CONFLICT', `${OWN} exists but tsprov did not write it`);
});

test('netplan: a NetworkManager renderer is refused; the last file to set renderer wins, as in netplan', () => {
  const nm = { '/etc/netplan/01-network-manager-all.yaml': 'network:\n  version: 2\n  renderer: NetworkManager\n' };
  refused(input(nm), 'E_RENDER_CONFLICT', 'NetworkManager', '/etc/netplan/01-network-manager-all.yaml', 'pin backend nm');
  assert.doesNotThrow(() => netplan.render(input({ ...nm, '/etc/netplan/02-networkd.yaml': 'network:\n  renderer: networkd\n' })));
});

test('netplan: references to the bond from other files (a bridge or VLAN on top) are fine', () => {
  const out = netplan.render(input({ '/etc/netplan/60-br.yaml': 'network:\n  bridges:\n    br0:\n      interfaces: [bond0]\n  vlans:\n    bond0.10:\n      id: 10\n      link: bond0\n' }));
  assert.deepEqual(out.files.map((f) => f.path), [OWN]);
});

test('netplan: the file is 0600 and reads back as the bond netplan should see', () => {
  const b = bond({
    options: { miimon: 100, primary: 'eth2', all_slaves_active: false },
    addressing: { method: 'static', addresses: ['192.0.2.5/24', '2001:db8::5/64'], gateway: '192.0.2.1', gateway6: 'fe80::1' },
    hwaddress: '00:11:22:33:44:55',
    mtu: 9000,
  });
  const [file] = netplan.render(input({}, [b])).files;
  assert.equal(file!.mode, '0600');
  // PyYAML (YAML 1.1) would read an unquoted 00:11:22:33:44:55 as a sexagesimal number.
  assert.match(file!.content!, /macaddress: "00:11:22:33:44:55"/);
  for (const version of ['1.1', '1.2'] as const) {
    const doc = parse(file!.content!, { version }) as { network: { bonds: Record<string, Record<string, unknown>>; ethernets: Record<string, unknown> } };
    const def = doc.network.bonds.bond0!;
    assert.deepEqual(def.interfaces, ['eth1', 'eth2']);
    assert.equal(def.macaddress, '00:11:22:33:44:55');
    assert.deepEqual(def.parameters, { mode: 'active-backup', 'mii-monitor-interval': 100, 'all-slaves-active': false, primary: 'eth2' });
    assert.deepEqual(def.addresses, ['192.0.2.5/24', '2001:db8::5/64']);
    assert.deepEqual(def.routes, [{ to: 'default', via: '192.0.2.1' }, { to: 'default', via: 'fe80::1' }]);
    assert.deepEqual(Object.keys(doc.network.ethernets), ['eth1', 'eth2']);
  }
});

test('netplan: interface names YAML would read as something else are quoted', () => {
  const out = netplan.render(input({ '/etc/netplan/90-tsprov-no.yaml': null }, [bond({ name: 'no', slaves: ['0800', 'on'] })]));
  const text = out.files[0]!.content!;
  assert.match(text, /^ {4}"no":$/m);
  assert.match(text, /^ {4}"0800":$/m);
  const doc = parse(text, { version: '1.1' }) as { network: { bonds: Record<string, { interfaces: unknown[] }> } };
  assert.deepEqual(doc.network.bonds.no!.interfaces, ['0800', 'on']);
});

test('netplan parse: failsafe, first document only, like libyaml', () => {
  const p = parseNetplan('network:\n  ethernets:\n    no: {}\n---\nother: 1\n');
  assert.ok(p.ok);
  assert.deepEqual(Object.keys((p.network.ethernets as Record<string, unknown>)), ['no']);
  assert.deepEqual(parseNetplan(''), { ok: true, network: {} });
});

test('netplan glob: systemd Name= patterns', () => {
  assert.ok(globMatches('en*', 'eno1'));
  assert.ok(globMatches('eth[0-3]', 'eth2'));
  assert.ok(!globMatches('eth[!0-3]', 'eth2'));
  assert.ok(globMatches('eth?', 'eth1'));
  assert.ok(!globMatches('eth.', 'eth1'));
});

test('netplan reload: generate, drop changed or refused bonds, reload, reconfigure only these links', () => {
  const bonds = [bond(), bond({ name: 'bond1', slaves: ['eth3', 'eth4'] })];
  const cmds = netplan.reload.commands({ reload: ['bond0', 'bond1'], needsDown: ['bond1'], bonds });
  assert.deepEqual(cmds, [
    'd=$(mktemp -d) || exit 1; for b in bond0 bond1; do cp -- "/run/systemd/network/10-netplan-$b.netdev" "$d/$b" 2>/dev/null || :; done; netplan generate || { rc=$?; rm -rf -- "$d"; exit "$rc"; }; for b in bond0 bond1; do cmp -s -- "$d/$b" "/run/systemd/network/10-netplan-$b.netdev" || { ip link del dev "$b" >/dev/null 2>&1 && : >/run/tsprov-netplan-recreated; } || :; done; rm -rf -- "$d"',
    '{ ip link del dev bond1 >/dev/null 2>&1 && : >/run/tsprov-netplan-recreated; } || :',
    `for s in $(cat /sys/class/net/bond0/bonding/slaves 2>/dev/null); do case ' eth1 eth2 ' in *" $s "*) ;; *) ip link set dev "$s" nomaster ;; esac; done`,
    `for s in $(cat /sys/class/net/bond1/bonding/slaves 2>/dev/null); do case ' eth3 eth4 ' in *" $s "*) ;; *) ip link set dev "$s" nomaster ;; esac; done`,
    `if [ -e /run/tsprov-netplan-recreated ]; then ${restartUntilEnslaved([['bond0', 'eth1'], ['bond0', 'eth2'], ['bond1', 'eth3'], ['bond1', 'eth4']])}; else networkctl reload; fi`,
    // Skipped after a restart, which configures every link afresh (a reconfigure only races it).
    '[ -e /run/tsprov-netplan-recreated ] || { i=0; while [ ! -e /sys/class/net/bond0 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; networkctl reconfigure -- bond0 eth1 eth2; }',
    '[ -e /run/tsprov-netplan-recreated ] || { i=0; while [ ! -e /sys/class/net/bond1 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; networkctl reconfigure -- bond1 eth3 eth4; }',
    'rm -f /run/tsprov-netplan-recreated',
  ]);
  for (const c of cmds) assert.doesNotMatch(c, /netplan (apply|try)/);
  // networkd is restarted only when a bond was deleted (it would not enslave into the new one).
  assert.equal(cmds.filter((c) => /systemctl restart/.test(c)).length, 1);
  assert.deepEqual(netplan.reload.commands({ reload: [], needsDown: [], bonds }), []);
});

test('netplan rollback: generate from the restored files, delete the bond, reload, reconfigure the slaves', () => {
  assert.deepEqual(netplan.reload.rollbackCommands({ bonds: [bond()] }), [
    'netplan generate',
    '{ ip link del dev bond0 >/dev/null 2>&1 && : >/run/tsprov-netplan-recreated; } || :',
    `if [ -e /run/tsprov-netplan-recreated ]; then ${restartUntilEnslaved([['bond0', 'eth1'], ['bond0', 'eth2']], (b, s) => `grep -qsx Bond=${b} /run/systemd/network/10-netplan-${s}.network`)}; else networkctl reload; fi`,
    '[ -e /run/tsprov-netplan-recreated ] || { networkctl reconfigure -- eth1 eth2; }',
    'rm -f /run/tsprov-netplan-recreated',
  ]);
});
