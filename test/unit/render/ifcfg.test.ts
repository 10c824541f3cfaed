/**
 * The ifcfg backend beyond its golden cases: what it refuses (with the file named), how bash
 * reads what it writes (network-scripts source these files), how initscripts splits BONDING_OPTS,
 * and the reload's shell text. No RHEL host is reachable here: bash stands in for the sourcing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, reload, spelling } from '../../../src/render/ifcfg/index.ts';
import { parseIfcfg, lastValues } from '../../../src/render/ifcfg/shell-vars.ts';
import { BOND_OPTION_NAMES } from '../../../src/config/bond-schema.ts';
import type { Bond } from '../../../src/config/bond-model.ts';
import type { RenderInput } from '../../../src/render/types.ts';
import { TsprovError } from '../../../src/core/errors.ts';

const D = '/etc/sysconfig/network-scripts/';
const env = { modutils: false, ifenslaveCommand: false, maxBondsZero: false };

function bond(extra: Partial<Bond> = {}): Bond {
  return { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], options: { miimon: 100 }, addressing: { method: 'manual' }, ...extra };
}

const input = (bonds: Bond[], existing: Record<string, string | null> = {}): RenderInput => ({ bonds, existing, env });

function fails(code: string, pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof TsprovError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  };
}

/** Sources `text` with bash in an empty directory and prints the named variables, one per line. */
function sourced(text: string, names: string[]): { values: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-ifcfg-'));
  writeFileSync(join(dir, 'ifcfg'), text);
  const script = `. ./ifcfg; for v in ${names.join(' ')}; do eval 'printf "%s\\n" "$'"$v"'"'; done`;
  const out = execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
  return { values: out.split('\n').slice(0, names.length), dir };
}

test('spelling: every kernel option has an entry; only the netlink-only ones are null', () => {
  assert.deepEqual(Object.keys(spelling).sort(), [...BOND_OPTION_NAMES].sort());
  const missing = Object.entries(spelling).filter(([, s]) => s === null).map(([o]) => o).sort();
  assert.deepEqual(missing, ['coupled_control', 'ns_ip6_target']);
  assert.equal(spelling.lacp_active, 'BONDING_OPTS lacp_active=on|off');
});

test('a bond with an option network-scripts cannot set is refused, never rendered without it', () => {
  assert.throws(() => render(input([bond({ options: { miimon: 100, ns_ip6_target: ['2001:db8::1'] } })])), fails('E_BACKEND_OPTION', /bond0\.ns_ip6_target/));
  assert.throws(() => render(input([bond({ options: { coupled_control: false } })])), fails('E_BACKEND_OPTION', /bond0\.coupled_control/));
});

test('a slave configured in another file is refused, naming the file', () => {
  const lan = { [`${D}ifcfg-lan`]: 'TYPE=Ethernet\nDEVICE="eth1"\nBOOTPROTO=dhcp\n' };
  assert.throws(() => render(input([bond()], lan)), fails('E_RENDER_CONFLICT', /ifcfg-lan configures eth1 \(DEVICE=eth1\), a slave of bond0/));
  const alias = { [`${D}ifcfg-eth2:0`]: "DEVICE='eth2:0'\nIPADDR=192.0.2.5\n" };
  assert.throws(() => render(input([bond()], alias)), fails('E_RENDER_CONFLICT', /ifcfg-eth2:0 configures eth2:0/));
});

test('another file enslaving a NIC to a managed bond, or configuring the bond, is refused', () => {
  const extra = { [`${D}ifcfg-eth5`]: 'DEVICE=eth5\nMASTER=bond0\nSLAVE=yes\n' };
  assert.throws(() => render(input([bond()], extra)), fails('E_RENDER_CONFLICT', /ifcfg-eth5 enslaves eth5 to bond0 \(MASTER=bond0\), but the inventory gives bond0 the slaves eth1, eth2/));
  const twin = { [`${D}ifcfg-Bond_connection_1`]: 'DEVICE=bond0\nTYPE=Bond\n' };
  assert.throws(() => render(input([bond()], twin)), fails('E_RENDER_CONFLICT', /ifcfg-Bond_connection_1 also configures bond bond0/));
  const misnamed = { [`${D}ifcfg-eth1`]: 'DEVICE=eth7\nBOOTPROTO=dhcp\n' };
  assert.throws(() => render(input([bond()], misnamed)), fails('E_RENDER_CONFLICT', /ifcfg-eth1 is named for eth1 but configures eth7/));
});

test('aliases of the bond, ignored backups and files of other tsprov bonds are left alone', () => {
  const existing = {
    [`${D}ifcfg-bond0:1`]: 'DEVICE=bond0:1\nIPADDR=192.0.2.7\n',
    [`${D}ifcfg-eth1.rpmsave`]: 'DEVICE=eth1\nBOOTPROTO=dhcp\n',
    [`${D}ifcfg-eth9`]: '# Managed by tsprov: slave eth9 of bond bond9. Local edits will be overwritten.\nDEVICE=eth9\nMASTER=bond9\nSLAVE=yes\n',
  };
  const out = render(input([bond()], existing));
  assert.deepEqual(out.files.map((f) => f.path), [`${D}ifcfg-bond0`, `${D}ifcfg-eth1`, `${D}ifcfg-eth2`]);
  assert.ok(out.files.every((f) => f.mode === '0644'));
});

test('what network-scripts cannot carry is refused: a fourth nameserver, a name it reads otherwise', () => {
  const dns = bond({ addressing: { method: 'static', addresses: ['192.0.2.10/24'], dns: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'] } });
  assert.throws(() => render(input([dns])), fails('E_RENDER_UNSUPPORTED', /at most 3 nameservers/));
  assert.throws(() => render(input([bond({ name: 'bond:0' })])), fails('E_RENDER_UNSUPPORTED', /bond:0/));
  assert.throws(() => render(input([bond({ name: 'ppp0' })])), fails('E_RENDER_UNSUPPORTED', /ifup-ppp instead of ifup-eth/));
});

test('every value is quoted: bash sources the file, runs nothing and reads the values back', () => {
  const hostile = ["x'; touch pwned; '", '$(touch pwned)', '`touch pwned`', 'a"b\\c'];
  const b = bond({ addressing: { method: 'static', addresses: ['192.0.2.10/24'], dns_search: hostile } });
  const text = render(input([b])).files[0]!.content!;
  const { values, dir } = sourced(text, ['DOMAIN', 'BONDING_OPTS', 'DEVICE']);
  try {
    assert.equal(existsSync(join(dir, 'pwned')), false);
    assert.deepEqual(values, [hostile.join(' '), 'mode=active-backup miimon=100', 'bond0']);
    // tsprov's own reading of the file agrees with bash's.
    assert.equal(lastValues(parseIfcfg(text)).get('DOMAIN'), hostile.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("BONDING_OPTS splits into the sysfs writes initscripts' install_bonding_driver makes", () => {
  const b = bond({
    mode: '802.3ad',
    options: { miimon: 100, arp_ip_target: ['192.0.2.1', '192.0.2.2'], lacp_rate: 'fast', lacp_active: true, use_carrier: false, ad_actor_system: '02:00:00:00:00:10' },
  });
  const text = render(input([b])).files[0]!.content!;
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-ifcfg-'));
  try {
    writeFileSync(join(dir, 'ifcfg'), text);
    // The loop of network-functions' install_bonding_driver, writing "key value" instead of to sysfs.
    const loop = '. ./ifcfg; for arg in $BONDING_OPTS; do key=${arg%%=*}; value=${arg##*=}; echo "$key $value"; done';
    const writes = execFileSync('bash', ['-c', loop], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(writes, ['mode 802.3ad', 'miimon 100', 'use_carrier 0', 'arp_ip_target 192.0.2.1,192.0.2.2', 'lacp_rate fast', 'lacp_active on', 'ad_actor_system 02:00:00:00:00:10']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('taking over a file keeps its other lines byte for byte, quoted values spanning lines included', () => {
  const old = "# eth1: don't touch the ring sizes\r\nDEVICE=eth1\nETHTOOL_OPTS=\"-G eth1 rx 4096;\n -K eth1 gro off\"\nexport IPADDR=192.0.2.9\nHWADDR=52:54:00:12:34:01 # onboard\n";
  const out = render(input([bond()], { [`${D}ifcfg-eth1`]: old }));
  const eth1 = out.files.find((f) => f.path === `${D}ifcfg-eth1`)!.content!;
  assert.ok(eth1.endsWith("# Not set by tsprov: kept from the earlier file.\n# eth1: don't touch the ring sizes\r\n# tsprov replaced: DEVICE=eth1\nETHTOOL_OPTS=\"-G eth1 rx 4096;\n -K eth1 gro off\"\n# tsprov replaced: export IPADDR=192.0.2.9\nHWADDR=52:54:00:12:34:01 # onboard\n"), eth1);
  assert.doesNotMatch(eth1, /^(export )?IPADDR=/m);
  // Removing the bond gives the earlier file back byte for byte.
  const removed = render({ ...input([], { [`${D}ifcfg-eth1`]: eth1 }), absent: [{ ...bond(), state: 'absent' }] });
  assert.equal(removed.files.find((f) => f.path === `${D}ifcfg-eth1`)!.content, old);
  assert.match(out.notes[0]!.message, /its DEVICE, IPADDR give way to tsprov's keys; kept as found: ETHTOOL_OPTS, HWADDR/);
  // Rendering over its own output changes nothing and says nothing.
  const again = render(input([bond()], { [`${D}ifcfg-eth1`]: eth1 }));
  assert.equal(again.files.find((f) => f.path === `${D}ifcfg-eth1`)!.content, eth1);
  assert.deepEqual(again.notes, []);
});

test('without the marker, rendering still converges', () => {
  const b = bond({ addressing: { method: 'static', addresses: ['192.0.2.10/24'], gateway: '192.0.2.1' }, mtu: 9000 });
  const first = render({ ...input([b], { [`${D}ifcfg-bond0`]: 'DEVICE=bond0\nZONE=dmz\n' }), marker: false });
  const existing = Object.fromEntries(first.files.map((f) => [f.path, f.content]));
  const second = render({ ...input([b], existing), marker: false });
  assert.deepEqual(second.files, first.files);
  assert.doesNotMatch(existing[`${D}ifcfg-bond0`]!, /Managed by tsprov/);
});

test('reload: ifdown/ifup of the bond and its slaves only, no "--" (initscripts reads it as a config name)', () => {
  const bonds = [bond({ name: 'bond0', slaves: ['eth1', 'eth2'] }), bond({ name: 'bond1', slaves: ['eth3'] })];
  assert.deepEqual(reload.commands({ reload: ['bond0'], needsDown: [], bonds }), [
    "cat /sys/class/net/bond0/bonding/slaves >/var/run/tsprov-was-slaves.bond0 2>/dev/null || :",
    'ifdown bond0 >/dev/null 2>&1 || true',
    'ifdown eth1 >/dev/null 2>&1 || true',
    'ifdown eth2 >/dev/null 2>&1 || true',
    `tr ' ' '\\n' 2>/dev/null </sys/class/net/bond0/bonding/slaves | while read -r s; do [ -z "$s" ] || ip link set dev "$s" nomaster; done >/dev/null 2>&1 || true`,
    'ifup bond0',
    `for s in $(cat /var/run/tsprov-was-slaves.bond0 2>/dev/null); do case ' eth1 eth2 ' in *" $s "*) ;; *) ifup "$s" >/dev/null 2>&1 || : ;; esac; done; rm -f /var/run/tsprov-was-slaves.bond0`,
  ]);
  assert.deepEqual(reload.commands({ reload: ['bond1'], needsDown: ['bond1'], bonds }), [
    "cat /sys/class/net/bond1/bonding/slaves >/var/run/tsprov-was-slaves.bond1 2>/dev/null || :",
    'ifdown bond1 >/dev/null 2>&1 || true',
    'ifdown eth3 >/dev/null 2>&1 || true',
    'ip link del dev bond1 >/dev/null 2>&1 || true',
    'ifup bond1',
    `for s in $(cat /var/run/tsprov-was-slaves.bond1 2>/dev/null); do case ' eth3 ' in *" $s "*) ;; *) ifup "$s" >/dev/null 2>&1 || : ;; esac; done; rm -f /var/run/tsprov-was-slaves.bond1`,
  ]);
  // A removed bond: its file is gone, so no ifdown; ip deletes it, each slave's own file comes up.
  assert.deepEqual(reload.commands({ reload: ['bond1'], needsDown: [], bonds: [{ ...bonds[1]!, state: 'absent' }] }), [
    'ip link del dev bond1 >/dev/null 2>&1 || true',
    'ifup eth3 >/dev/null 2>&1 || true',
  ]);
  assert.deepEqual(reload.rollbackCommands({ bonds: [bonds[0]!] }), [
    'ifdown bond0 >/dev/null 2>&1 || true',
    'ip link del dev bond0 >/dev/null 2>&1 || true',
    'ifup eth1 >/dev/null 2>&1 || true',
    'ifup eth2 >/dev/null 2>&1 || true',
    'ifup bond0 >/dev/null 2>&1 || true',
  ]);
});

test('reload commands are valid sh and quote odd names', () => {
  const odd = bond({ name: 'bo$nd', slaves: ["e'1"] });
  const cmds = [...reload.commands({ reload: ['bo$nd'], needsDown: [], bonds: [odd] }), ...reload.rollbackCommands({ bonds: [odd] })];
  assert.ok(cmds.some((c) => c.includes("ifdown 'e'\\''1'")));
  assert.ok(cmds.some((c) => c.includes("/sys/class/net/'bo$nd'/bonding/slaves")));
  for (const c of cmds) execFileSync('sh', ['-n', '-c', c]);
});
