// Scenarios 3 and 6 of the lab issue and the moved management address, on two Debian VMs cabled
// back to back (e1000 NICs, the real bonding driver, real ifupdown/ifenslave). They start from
// fresh VMs (ifenslave missing): the first scenario installs it and brings up active-backup, each
// later one changes the mode of a live bond; the last removes the bond. Port block 23400–23499.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cableBackToBack, labVmSpec, setCable, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { bondVars as bond, LAB_CONNECT_TIMEOUT_S, labInventory, labSkip, slaveMii, startAll, vmRun, waitBond } from './support/lab-fleet.ts';

const BASE = 23400;
const PLAY = 'playbooks/bonding.yml';

describe('bond modes: two VMs cabled back to back', { skip: labSkip(), timeout: 2_400_000 }, () => {
  let a: Vm, b: Vm;
  before(async () => {
    const [sa, sb] = cableBackToBack(labVmSpec({ base: BASE, index: 1, name: 'modes-a' }), labVmSpec({ base: BASE, index: 2, name: 'modes-b' }));
    [a, b] = (await startAll([sa, sb])) as [Vm, Vm];
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('3: active-backup with primary fails over to the backup and back', async () => {
    const ab = (addr: string) => bond(addr, { mode: 'active-backup', primary: 'eth1' });
    const inv = labInventory({ a: { vm: a, vars: ab('192.168.77.1/24') }, b: { vm: b, vars: ab('192.168.77.2/24') } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /install package ifenslave/);
    let text = await waitBond(a, (t) => /Currently Active Slave: eth1/.test(t), 'eth1 active');
    assert.match(text, /Bonding Mode: fault-tolerance \(active-backup\)/);
    await setCable(a, b, 'nic1', false);
    try {
      text = await waitBond(a, (t) => /Currently Active Slave: eth2/.test(t), 'failover to eth2');
      assert.match(await vmRun(a, 'ping -c 3 -W 2 192.168.77.2'), /3 received/);
    } finally {
      await setCable(a, b, 'nic1', true);
    }
    await waitBond(a, (t) => /Currently Active Slave: eth1/.test(t) && slaveMii(t).eth1 === 'up', 'primary eth1 active again');
  });

  it('3: 802.3ad between the two VMs sees its LACP partner', async () => {
    const lacp = (addr: string) => bond(addr, { mode: '802.3ad', lacp_rate: 'fast', xmit_hash_policy: 'layer2+3' });
    const inv = labInventory({ a: { vm: a, vars: lacp('192.168.77.1/24') }, b: { vm: b, vars: lacp('192.168.77.2/24') } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain', '--verify-timeout', '60']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /NOTE \(deviation\): bond0: mode(, [a-z_]+)* cannot change on a live bond: the bond goes down during the reload/, 'active-backup → 802.3ad on a live bond');
    const text = await waitBond(a, (t) => /Partner Mac Address: (?!00:00:00:00:00:00)/.test(t), 'LACP partner');
    assert.match(text, /Bonding Mode: IEEE 802.3ad Dynamic link aggregation/);
    assert.match(text, /LACP rate: fast/);
    const v = await tsprov(['verify', '-i', inv]);
    assert.equal(v.code, 0, v.out);
    assert.match(v.out, /OK   bond0 LACP partner/);
  });

  it('3: balance-xor with a hash policy', async () => {
    const xor = (addr: string) => bond(addr, { mode: 'balance-xor', xmit_hash_policy: 'layer3+4' });
    const inv = labInventory({ a: { vm: a, vars: xor('192.168.77.1/24') }, b: { vm: b, vars: xor('192.168.77.2/24') } });
    const r = await tsprov(['run', 'test/e2e/fixtures/bond-ping.yml', '-i', inv, '-o', 'quiet', '--report-json', '-']);
    assert.equal(r.code, 0, r.out + r.err);
    const report = JSON.parse(r.out);
    for (const h of report.hosts) {
      const pings = h.verify.checks.filter((c: { what: string }) => c.what.startsWith('ping '));
      assert.deepEqual(pings.map((c: { what: string; verdict: string }) => [c.what, c.verdict]), [['ping 192.168.77.1', 'ok'], ['ping 192.168.77.2', 'ok']], `${h.host}: verify_ping over the bond`);
    }
    const text = await waitBond(a, (t) => /Transmit Hash Policy: layer3\+4/.test(t), 'layer3+4 hash');
    assert.match(text, /Bonding Mode: load balancing \(xor\)/);
    assert.match(await vmRun(a, 'ping -c 3 -W 2 192.168.77.2'), /3 received/);
  });

  it('6: a slave that never gets link fails verification, rolls back, and the old bond is verified', async () => {
    const before = await vmRun(a, 'cat /etc/network/interfaces.d/bond0');
    await setCable(a, b, 'nic2', false);
    try {
      const next = bond('192.168.77.1/24', { mode: 'balance-xor', xmit_hash_policy: 'layer3+4', miimon: 200 });
      const inv = labInventory({ a: { vm: a, vars: next } });
      const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain', '--verify-timeout', '8', '--report-json', '-']);
      assert.equal(r.code, 3, r.out + r.err);
      assert.match(r.err, /a: failed — verification failed \(.*bond0 slaves up: expected 2\+ of 2, got 1 of 2.*\); rolled back/);
      assert.equal(await vmRun(a, 'cat /etc/network/interfaces.d/bond0'), before, 'old config restored byte for byte');
      const text = await waitBond(a, (t) => /MII Polling Interval \(ms\): 100/.test(t), 'old miimon back live');
      assert.match(text, /Bonding Mode: load balancing \(xor\)/);
      const report = JSON.parse(r.out);
      const after = report.hosts[0].verifyAfterRollback;
      assert.equal(after.ok, true, 'the old bond verified after the rollback');
      assert.ok(after.checks.some((c: { what: string; expected: string }) => c.what === 'mode' && c.expected === 'balance-xor'), 'checked against the old (live before) bond');
    } finally {
      await setCable(a, b, 'nic2', true);
    }
  });

  it('moved management address: b, managed over the bond through a, gets a new bond address; tsprov verifies and confirms there', async () => {
    // b is reached as 192.168.77.2 over the bond, through a as jump host; the run moves it to .3.
    // Nothing in the inventory says so: tsprov sees that the session comes in on bond0 at .2.
    const xor = { mode: 'balance-xor', xmit_hash_policy: 'layer3+4' };
    const dir = mkdtempSync(join(tmpdir(), 'tsprov-moved-'));
    const key = readFileSync(b.knownHostsPath, 'utf8').split('\n').find((l) => l.startsWith(`[127.0.0.1]:${b.sshPort} `))!.split(' ').slice(1).join(' ');
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, `${readFileSync(a.knownHostsPath, 'utf8')}192.168.77.2 ${key}\n`); // no entry for .3
    const inv = join(dir, 'inventory.yml');
    writeFileSync(inv, stringify({ all: { hosts: { b: {
      address: '192.168.77.2', jump_host: `root@127.0.0.1:${a.sshPort}`, user: 'root', identity_file: b.keyPath,
      known_hosts_file: kh, backend: 'ifupdown', connect_timeout: LAB_CONNECT_TIMEOUT_S, ...bond('192.168.77.3/24', xor),
    } } } }));
    await waitBond(b, (t) => Object.values(slaveMii(t)).filter((x) => x === 'up').length === 2, 'b bond0 up before the move');
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain', '--run-id', 'moved-e2e', '--confirm-timeout', '90', '--report-json', '-']);
    assert.equal(r.code, 0, r.out + r.err);
    const host = JSON.parse(r.out).hosts[0];
    assert.equal(host.status, 'changed');
    assert.ok(host.notes.some((n: string) => /verifying over the new management address 192\.168\.77\.3 \(the SSH session came in on 192\.168\.77\.2 over bond0/.test(n)), JSON.stringify(host.notes));
    assert.equal(host.verify.ok, true);
    assert.match(await vmRun(b, 'ip -br addr show bond0'), /192\.168\.77\.3\/24/);
    assert.equal(await vmRun(b, 'test -e /var/backups/tsprov/moved-e2e/confirmed && echo confirmed'), 'confirmed\n', 'the timer was disarmed over the new address');
    assert.match(await vmRun(a, 'ping -c 3 -W 2 192.168.77.3'), /3 received/);
  });

  it('a slave leaving and then state: absent: files, live bond, slaves released; the stanza the bond took over comes back and applies', async () => {
    const xor = { mode: 'balance-xor', xmit_hash_policy: 'layer3+4' };
    const main = await vmRun(a, 'cat /etc/network/interfaces');
    // Someone else's config for eth2, which the bond then takes over (kept as comments in its block).
    const spare = 'iface eth2 inet static\n    address 192.168.99.1/24\n';
    await vmRun(a, `printf '%s' '${spare}' > /etc/network/interfaces.d/spare`);
    const keep = await tsprov(['run', PLAY, '-i', labInventory({ a: { vm: a, vars: bond('192.168.77.1/24', xor) } }), '-o', 'plain']);
    assert.equal(keep.code, 0, keep.out + keep.err);
    assert.match(await vmRun(a, 'cat /etc/network/interfaces.d/bond0'), /^# tsprov replaced \(bond0, eth2\): iface eth2 inet static$/m);
    assert.equal((await a.exec('test -e /etc/network/interfaces.d/spare')).exitCode, 1, 'the file held only what the bond took over');

    // eth2 leaves the bond: its stanza comes back and the reload brings it up with its address.
    const left = await tsprov(['run', PLAY, '-i', labInventory({ a: { vm: a, vars: bond('192.168.77.1/24', { ...xor, slaves: ['eth1'] }) } }), '-o', 'plain']);
    assert.equal(left.code, 0, left.out + left.err);
    await waitBond(a, (t) => Object.keys(slaveMii(t)).join() === 'eth1', 'only eth1 enslaved');
    assert.match(await vmRun(a, 'ip -o addr show dev eth2'), /inet 192\.168\.99\.1\/24/, 'eth2 came up from its own stanza');

    const inv = labInventory({ a: { vm: a, vars: bond('192.168.77.1/24', { ...xor, state: 'absent' }) } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.equal((await a.exec('test -e /sys/class/net/bond0')).exitCode, 1, 'bond0 is gone');
    for (const nic of ['eth1', 'eth2']) assert.equal((await a.exec(`test -e /sys/class/net/${nic}/master`)).exitCode, 1, `${nic} released`);
    assert.equal(await vmRun(a, 'cat /etc/network/interfaces.d/bond0'), `# Given back by tsprov: eth2 left bond bond0.\n${spare}`, "eth2's stanza is back (in the bond's place), nothing else");
    assert.equal(await vmRun(a, 'cat /etc/network/interfaces'), main, 'the main file is untouched');
    assert.match(await vmRun(a, 'ip -o addr show dev eth2'), /inet 192\.168\.99\.1\/24/, 'and eth2 came up with it');
    const v = await tsprov(['verify', PLAY, '-i', inv]);
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.out, /OK   bond0 removed/);
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /a\s+: ok=1\s+changed=0\s/, again.out + again.err);
  });
});
