/** The networkd backend beyond its golden cases: refusals, other files, reload commands. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bond } from '../../../src/config/bond-model.ts';
import { BOND_OPTION_NAMES } from '../../../src/config/bond-schema.ts';
import { render, reload, spelling } from '../../../src/render/networkd/index.ts';
import { globToRegExp, linkMatchOf, matchVerdict } from '../../../src/render/networkd/match.ts';
import { restartUntilEnslaved } from '../../../src/render/networkd/restart.ts';
import type { RenderInput } from '../../../src/render/types.ts';

const ENV = { modutils: false, ifenslaveCommand: false, maxBondsZero: true };
const D = '/etc/systemd/network';

function bond(extra: Partial<Bond> = {}): Bond {
  return { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], options: { miimon: 100 }, addressing: { method: 'manual' }, ...extra };
}
const input = (bonds: Bond[], existing: RenderInput['existing'] = {}, more: Partial<RenderInput> = {}): RenderInput => ({ bonds, existing, env: ENV, ...more });
const refused = (code: string, re: RegExp) => (e: unknown) => {
  assert.equal((e as { code?: string }).code, code);
  assert.match((e as Error).message, re);
  return true;
};

test('networkd spells or refuses every bonding option', () => {
  assert.deepEqual(Object.keys(spelling).sort(), [...BOND_OPTION_NAMES].sort());
  const cannot = BOND_OPTION_NAMES.filter((o) => spelling[o] === null).sort();
  assert.deepEqual(cannot, ['coupled_control', 'lacp_active', 'lp_interval', 'ns_ip6_target', 'peer_notif_delay', 'use_carrier']);
});

test('an option networkd 252 cannot set refuses the host (E_BACKEND_OPTION), naming bond and option', () => {
  assert.throws(() => render(input([bond({ options: { miimon: 100, use_carrier: true } })])), refused('E_BACKEND_OPTION', /networkd cannot express bond0\.use_carrier/));
  assert.throws(() => render(input([bond({ options: { miimon: 100, peer_notif_delay: 200 } })])), refused('E_BACKEND_OPTION', /bond0\.peer_notif_delay/));
  assert.throws(() => render(input([bond({ mode: 'balance-alb', options: { lp_interval: 5 } })])), refused('E_BACKEND_OPTION', /bond0\.lp_interval/));
});

test('values networkd cannot write or would not send are refused, all in one message', () => {
  const cases: Array<[Partial<Bond>, RegExp]> = [
    [{ mode: '802.3ad', options: { xmit_hash_policy: 'vlan+srcmac' } }, /xmit_hash_policy vlan\+srcmac/],
    [{ mode: 'balance-rr', options: { arp_interval: 100, arp_ip_target: ['192.0.2.1'], arp_validate: 'filter' } }, /arp_validate filter/],
    [{ mode: '802.3ad', options: { miimon: 0 } }, /miimon 0 in mode 802\.3ad/],
    [{ mode: 'balance-rr', options: { arp_ip_target: ['192.0.2.1'] } }, /arp_ip_target without arp_interval/],
    [{ mode: 'balance-rr', options: { fail_over_mac: 'active' } }, /fail_over_mac in mode balance-rr/],
    [{ options: { num_grat_arp: 2, num_unsol_na: 3 } }, /num_grat_arp 2 with num_unsol_na 3/],
  ];
  for (const [extra, re] of cases) assert.throws(() => render(input([bond(extra)])), refused('E_BACKEND_OPTION', re));
  assert.throws(() => render(input([bond({ mode: '802.3ad', options: { miimon: 0, xmit_hash_policy: 'vlan+srcmac' } })])), refused('E_BACKEND_OPTION', /vlan\+srcmac.*; bond0\.miimon 0/));
});

test('miimon 0 where the kernel keeps it is written; equal grat/unsol counts give one GratuitousARP=', () => {
  const out = render(input([bond({ options: { miimon: 0, num_grat_arp: 2, num_unsol_na: 2 } })]));
  const netdev = out.files.find((f) => f.path.endsWith('.netdev'))!.content!;
  assert.match(netdev, /^MIIMonitorSec=0ms$/m);
  assert.equal(netdev.match(/GratuitousARP=/g)?.length, 1);
});

test('a file networkd reads first that names a slave is refused, naming it (E_RENDER_CONFLICT)', () => {
  const existing = { [`${D}/10-eth1.network`]: '[Match]\nName=eth1\n\n[Network]\nDHCP=yes\n' };
  assert.throws(() => render(input([bond()], existing)), refused('E_RENDER_CONFLICT', /slave eth1 is configured by \/etc\/systemd\/network\/10-eth1\.network, which networkd reads before tsprov's 10-tsprov-bond0-eth1\.network/));
  // The file is never touched: the refusal happens before anything is written.
  for (const name of ['Name=eth*', 'Name=en* eth?', 'Name=!eth0', 'Name=eth[12]', 'MACAddress=02:00:00:00:00:01\nName=eth1']) {
    const text = `[Match]\n${name}\n`;
    assert.throws(() => render(input([bond()], { [`${D}/05-uplink.network`]: text })), refused('E_RENDER_CONFLICT', /05-uplink\.network/), name);
  }
});

test('a file networkd reads first that names the bond, or creates it, is refused too', () => {
  assert.throws(() => render(input([bond()], { [`${D}/00-bond0.network`]: '[Match]\nName=bond0\n' })), refused('E_RENDER_CONFLICT', /bond bond0 is configured by/));
  assert.throws(() => render(input([bond()], { [`${D}/05-bond0.netdev`]: '[NetDev]\nName=bond0\nKind=bond\n' })), refused('E_RENDER_CONFLICT', /bond bond0 is also created by \/etc\/systemd\/network\/05-bond0\.netdev/));
});

test('a tsprov file of a bond not declared here that claims a slave is refused with its owner', () => {
  const old = `# Managed by tsprov: bond bond0, slave eth1. Local edits will be overwritten.\n[Match]\nName=eth1\n\n[Network]\nBond=bond0\n`;
  assert.throws(() => render(input([bond({ name: 'bond1' })], { [`${D}/10-tsprov-bond0-eth1.network`]: old })), refused('E_RENDER_CONFLICT', /tsprov's, for bond bond0, which is not declared here/));
});

test('what cannot be told by name is a warning; what cannot match is nothing', () => {
  const out = render(input([bond()], {
    [`${D}/05-mgmt.network`]: '[Match]\nMACAddress=02:00:00:00:00:09\n\n[Network]\nDHCP=yes\n',
    [`${D}/06-glob.network`]: '[Match]\nName=eth*\nDriver=e1000e\n',
    [`${D}/07-empty.network`]: '[Match]\n\n[Network]\nDHCP=yes\n',
    [`${D}/08-other.network`]: '[Match]\nName=eth0 wlan*\n',
    [`${D}/09-reset.network`]: '[Match]\nName=eth1\nName=\nName=eth9\n',
  }));
  assert.deepEqual(out.notes.map((n) => [n.level, n.message.split(' ')[0]]), [
    ['warn', '/etc/systemd/network/05-mgmt.network'],
    ['warn', '/etc/systemd/network/06-glob.network'],
  ]);
  assert.match(out.notes[0]!.message, /by MACAddress=, which tsprov cannot test: if it matches bond0, eth1, eth2/);
});

test('a masked file is not read: /etc masks /usr/lib, and tsprov\'s own names mask theirs', () => {
  const out = render(input([bond()], {
    '/usr/lib/systemd/network/05-eth1.network': '[Match]\nName=eth1\n',
    [`${D}/05-eth1.network`]: '',
    '/run/systemd/network/10-tsprov-bond0-eth1.network': '[Match]\nName=eth1\n',
    '/etc/other/00-eth1.network': '[Match]\nName=eth1\n',
  }));
  assert.deepEqual(out.notes, []);
});

test('tsprov rewrites only its own file for the same bond at its paths', () => {
  const path = `${D}/10-tsprov-bond0.network`;
  assert.throws(() => render(input([bond()], { [path]: '[Match]\nName=bond0\n' })), refused('E_RENDER_CONFLICT', /overwrite \/etc\/systemd\/network\/10-tsprov-bond0\.network \(no tsprov marker\)/));
  const other = '# Managed by tsprov: bond bond0-x. Local edits will be overwritten.\n';
  assert.throws(() => render(input([bond({ name: 'bond0', slaves: ['x'] })], { [`${D}/10-tsprov-bond0-x.network`]: other })), refused('E_RENDER_CONFLICT', /tsprov's file for bond bond0-x/));
  const mine = '# Managed by tsprov: bond bond0. Local edits will be overwritten.\n[Match]\nName=bond0\nDHCP=yes\n';
  assert.ok(render(input([bond()], { [path]: mine })).files.some((f) => f.path === path && f.content !== mine));
  assert.ok(render(input([bond()], { [path]: '[Match]\nName=bond0\n' }, { marker: false })).files.some((f) => f.path === path));
});

test('two bonds whose names make one file name are refused', () => {
  const a = bond({ name: 'a', slaves: ['b-c'] });
  const b = bond({ name: 'a-b', slaves: ['c'] });
  assert.throws(() => render(input([a, b])), refused('E_RENDER_CONFLICT', /10-tsprov-a-b-c\.network would hold two files/));
});

test('a live bond drifted from its unchanged files is recreated; one that matches is left alone', () => {
  const first = render(input([bond()]));
  const existing = Object.fromEntries(first.files.map((f) => [f.path, f.content]));
  const live = (miimon: number): Record<string, Bond> => ({ bond0: bond({ options: { miimon } }) });
  assert.deepEqual(render(input([bond()], existing, { previous: live(100) })).reloadNeedsDown, []);
  const drift = render(input([bond()], existing, { previous: live(200) }));
  assert.deepEqual(drift.reloadNeedsDown, ['bond0']);
  assert.match(drift.notes[0]!.message, /live miimon is 200, declared 100/);
  // Not live: networkd creates it from the new file, nothing to delete.
  assert.deepEqual(render(input([bond({ mode: '802.3ad' })], existing)).reloadNeedsDown, []);
});

test('reload: delete what must be recreated, restart networkd only then (it cannot enslave into a recreated bond otherwise), reconfigure only these links', () => {
  const bonds = [bond(), bond({ name: 'bond1', slaves: ['eth3', 'eth4'] })];
  assert.deepEqual(reload.commands({ reload: ['bond0', 'bond1'], needsDown: ['bond1'], bonds }), [
    'cat /sys/class/net/bond0/bonding/slaves >/var/run/tsprov-was-slaves.bond0 2>/dev/null || :',
    'cat /sys/class/net/bond1/bonding/slaves >/var/run/tsprov-was-slaves.bond1 2>/dev/null || :',
    'ip link del dev bond1 >/dev/null 2>&1 || true',
    // Restarted, every link is configured afresh: no reconfigure after it (it races the restart).
    restartUntilEnslaved([['bond0', 'eth1'], ['bond0', 'eth2'], ['bond1', 'eth3'], ['bond1', 'eth4']]),
    'i=0; while [ ! -e /sys/class/net/bond0 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done',
    `for s in $(cat /var/run/tsprov-was-slaves.bond0 2>/dev/null); do case ' eth1 eth2 ' in *" $s "*) ;; *) networkctl reconfigure -- "$s" >/dev/null 2>&1 || : ;; esac; done; rm -f /var/run/tsprov-was-slaves.bond0`,
    'i=0; while [ ! -e /sys/class/net/bond1 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done',
    `for s in $(cat /var/run/tsprov-was-slaves.bond1 2>/dev/null); do case ' eth3 eth4 ' in *" $s "*) ;; *) networkctl reconfigure -- "$s" >/dev/null 2>&1 || : ;; esac; done; rm -f /var/run/tsprov-was-slaves.bond1`,
  ]);
  assert.deepEqual(reload.commands({ reload: [], needsDown: [], bonds }), []);
  assert.deepEqual(reload.commands({ reload: ['bond0'], needsDown: [], bonds }).slice(1, 4), [
    'networkctl reload',
    'i=0; while [ ! -e /sys/class/net/bond0 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done',
    'networkctl reconfigure -- eth1 eth2',
  ], 'nothing recreated: no restart, a reconfigure of the links');
  // A removed bond: deleted (networkd never deletes a netdev), never waited for, its slaves reconfigured.
  assert.deepEqual(reload.commands({ reload: ['bond0'], needsDown: [], bonds: [{ ...bond(), state: 'absent' }] }), [
    'ip link del dev bond0 >/dev/null 2>&1 || true',
    'networkctl reload',
    'networkctl reconfigure -- eth1 >/dev/null 2>&1 || true',
    'networkctl reconfigure -- eth2 >/dev/null 2>&1 || true',
  ]);
});

test('rollback: the bond goes, the restored files are reloaded, its links reconfigured, nothing stops it', () => {
  assert.deepEqual(reload.rollbackCommands({ bonds: [bond()] }), [
    'ip link del dev bond0 >/dev/null 2>&1 || true',
    `${restartUntilEnslaved([['bond0', 'eth1'], ['bond0', 'eth2']], (b, s) => `[ -e /etc/systemd/network/10-tsprov-${b}-${s}.network ]`)} || { networkctl reload; networkctl reconfigure -- eth1; networkctl reconfigure -- eth2; if [ -e /sys/class/net/bond0 ]; then networkctl reconfigure -- bond0; fi; :; } || true`,
    'i=0; while [ ! -e /sys/class/net/bond0 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done || true',
  ]);
});

test('every name in a command is quoted', () => {
  const odd = bond({ name: "b'0 x", slaves: ['e $1'] });
  const cmds = reload.commands({ reload: [odd.name], needsDown: [odd.name], bonds: [odd] });
  assert.deepEqual(cmds, [
    `cat /sys/class/net/'b'\\''0 x'/bonding/slaves >'/var/run/tsprov-was-slaves.b'\\''0 x' 2>/dev/null || :`,
    `ip link del dev 'b'\\''0 x' >/dev/null 2>&1 || true`,
    restartUntilEnslaved([[odd.name, 'e $1']]),
    `i=0; while [ ! -e /sys/class/net/'b'\\''0 x' ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done`,
    `for s in $(cat '/var/run/tsprov-was-slaves.b'\\''0 x' 2>/dev/null); do case ' e $1 ' in *" $s "*) ;; *) networkctl reconfigure -- "$s" >/dev/null 2>&1 || : ;; esac; done; rm -f '/var/run/tsprov-was-slaves.b'\\''0 x'`,
  ]);
});

test('restart until enslaved: quoted sysfs paths, at most three restarts, a guard per slave, valid sh', () => {
  const cmd = restartUntilEnslaved([["b'0 x", 'e $1']], (b, s) => `[ -e ${b}-${s} ]`);
  assert.match(cmd, /\[ '\/sys\/class\/net\/e \$1\/master' -ef '\/sys\/class\/net\/b'\\''0 x' \]/);
  assert.match(cmd, /while \[ "\$n" -lt 3 \]; do systemctl restart systemd-networkd \|\| \{ rc=\$\?; break; \}/);
  assert.match(cmd, /\{ ! \[ -e b'0 x-e \$1 \] \|\| \[ /);
  assert.match(restartUntilEnslaved([]), /! \{ true; \}/, 'no slaves: one restart');
  for (const c of [cmd, restartUntilEnslaved([])]) assert.equal(spawnSync('sh', ['-n', '-c', c]).status, 0, c);
  // Run by sh with a stand-in systemctl: the slave never joins, so exactly three restarts, then the
  // restarts' status (0); a failing restart stops at once with its status.
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-restart-'));
  writeFileSync(join(dir, 'systemctl'), `#!/bin/sh\necho "$*" >> '${dir}/log'\nexit "\${FAIL:-0}"\n`);
  writeFileSync(join(dir, 'sleep'), '#!/bin/sh\n');
  chmodSync(join(dir, 'systemctl'), 0o755);
  chmodSync(join(dir, 'sleep'), 0o755);
  const env = { PATH: `${dir}:/usr/bin:/bin` };
  const never = restartUntilEnslaved([['tspxbond', 'tspx0']]);
  assert.equal(spawnSync('sh', ['-c', never], { env }).status, 0);
  assert.equal(readFileSync(join(dir, 'log'), 'utf8'), 'restart systemd-networkd\n'.repeat(3));
  assert.equal(spawnSync('sh', ['-c', never], { env: { ...env, FAIL: '5' } }).status, 5);
});

test('[Match] Name= is read as networkd reads it', () => {
  const m = (text: string) => linkMatchOf(`[Match]\n${text}\n`);
  // One "!" inverts the whole list.
  assert.equal(matchVerdict(m('Name=!eth0 eth1'), 'eth1'), 'no');
  assert.equal(matchVerdict(m('Name=!eth0'), 'eth1'), 'yes');
  assert.equal(matchVerdict(m('Name=eth0 \\\n  eth1'), 'eth1'), 'yes');
  assert.equal(matchVerdict(m('# Name=eth1'), 'eth1'), 'no');
  assert.equal(matchVerdict(linkMatchOf('[Network]\nName=eth1\n'), 'eth1'), 'no');
  assert.equal(matchVerdict(linkMatchOf('[Match]\r\nName=eth1\r\n'), 'eth1'), 'yes');
  assert.equal(matchVerdict(m('Name=eth*\nType=ether'), 'eth1'), 'maybe');
  assert.equal(matchVerdict(m('Name=eth1\nType=ether'), 'eth1'), 'yes');
  for (const [glob, name, hit] of [
    ['eth[!0]', 'eth1', true], ['eth[!0]', 'eth0', false], ['e?h1', 'eth1', true], ['eth\\*', 'eth*', true],
    ['eth\\*', 'eth1', false], ['eth[', 'eth[', true], ['b.0', 'bx0', false], ['en[a-c]1', 'enb1', true],
  ] as const) {
    assert.equal(globToRegExp(glob).test(name), hit, `${glob} ~ ${name}`);
  }
});
