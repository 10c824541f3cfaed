// The netplan backend on a Debian bookworm VM: netplan.io 0.106 rendering for systemd 252's
// networkd, and the real bonding driver, beside ifupdown (which keeps the management NIC). A bond
// applied through /etc/netplan/90-tsprov-bond0.yaml, verified and rerun with changed=0; a mode
// change on the live bond; a pulled cable seen by `verify`; a lockout over the management NIC,
// refused while ifupdown configures it and rolled back by the on-host timer once nothing does;
// the bond removed (`state: absent`). Port block 23600–23699.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labVmSpec, startVm, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { labInventory, labSkip, vmRun, waitBond } from './support/lab-fleet.ts';
import { bothUp, cablePullIsDrift, lockoutBond, lockoutRollsBack } from './support/lockout.ts';

const BASE = 23600;
const PLAY = 'playbooks/bonding.yml';
const bond = (mode: string) => ({ backend: 'netplan', bonds: [{ name: 'bond0', mode, slaves: ['eth1', 'eth2'], miimon: 100, address: '192.168.79.1/24' }] });
const factsOf = async (inv: string) => JSON.parse((await tsprov(['facts', '-i', inv, '--json'])).out).hosts.np.facts;

describe('netplan backend on one VM', { skip: labSkip(), timeout: 1_800_000 }, () => {
  let vm: Vm;
  before(async () => {
    vm = await startVm(labVmSpec({ base: BASE, index: 1, name: 'netplan' }));
    // The image has netplan.io but no YAML and networkd off: netplan's renderer is networkd.
    await vmRun(vm, 'systemctl start systemd-networkd');
  });
  after(async () => {
    await vm?.stop();
  });

  it('applies a bond through netplan (0600 YAML, generated networkd files), verifies it live, and a second run changes nothing', async () => {
    const inv = labInventory({ np: { vm, vars: bond('balance-rr') } });
    const pre = await factsOf(inv);
    assert.equal(pre.commands.netplan, true);
    assert.equal(pre.packages.packages['netplan.io'].installed, true);
    assert.ok(!pre.backend.active.includes('netplan'), `no YAML yet, so netplan generates nothing: ${JSON.stringify(pre.backend)}`);
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.equal((await vmRun(vm, 'stat -c "%n %a" /etc/netplan/*')).trim(), '/etc/netplan/90-tsprov-bond0.yaml 600');
    assert.deepEqual((await vmRun(vm, 'ls /run/systemd/network')).trim().split('\n'), ['10-netplan-bond0.netdev', '10-netplan-bond0.network', '10-netplan-eth1.network', '10-netplan-eth2.network']);
    assert.equal((await vmRun(vm, 'ls -A /etc/systemd/network')).trim(), '', 'netplan writes to /run only');
    const text = await waitBond(vm, bothUp, 'both slaves up');
    assert.match(text, /Bonding Mode: load balancing \(round-robin\)/);
    assert.match(await vmRun(vm, 'ip -o addr show dev bond0'), /inet 192\.168\.79\.1\/24/);
    assert.match(await vmRun(vm, 'networkctl list --no-legend bond0'), /bond0\s+bond\s+(routable|carrier|degraded)\s+configured/, 'networkd manages the bond');
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /10\.0\.2\.15/, "the management NIC is still ifupdown's");
    const post = await factsOf(inv);
    assert.equal(post.backend.detected, 'netplan', JSON.stringify(post.backend));
    assert.ok(post.backend.active.includes('netplan') && post.backend.active.includes('networkd'), JSON.stringify(post.backend));

    const second = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(second.code, 0, second.out + second.err);
    assert.match(second.out, /np\s+: ok=1\s+changed=0\s/);
    assert.doesNotMatch(second.out, /handlers run/);
  });

  it('a mode change on the live bond: the generated .netdev changed, so tsprov deletes the bond and networkd recreates it', async () => {
    const inv = labInventory({ np: { vm, vars: bond('active-backup') } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /bond0: mode cannot change on a live bond: the bond goes down during the reload/);
    const text = await waitBond(vm, (t) => /active-backup/.test(t) && bothUp(t), 'active-backup, both slaves up');
    assert.match(text, /Bonding Mode: fault-tolerance \(active-backup\)/);
    assert.match(await vmRun(vm, 'cat /etc/netplan/90-tsprov-bond0.yaml'), /^ {8}mode: active-backup$/m);
    assert.match(await vmRun(vm, 'ip -o addr show dev bond0'), /inet 192\.168\.79\.1\/24/);
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /np\s+: ok=1\s+changed=0\s/, again.out + again.err);
  });

  it('a pulled cable is drift for verify (exit 2); plugged back, verify holds (exit 0)', async () => {
    await cablePullIsDrift(vm, labInventory({ np: { vm, vars: bond('active-backup') } }));
  });

  it('a bond over the management NIC: refused while ifupdown configures eth0; once nothing does, the on-host timer rolls the lockout back', async () => {
    await lockoutRollsBack({
      vm,
      host: 'np',
      inv: labInventory({ np: { vm, vars: lockoutBond('netplan') } }),
      files: 'ls /etc/netplan; cat /etc/netplan/*',
      writes: /create \/etc\/netplan\/90-tsprov-bond1\.yaml/,
    });
    assert.equal((await vm.exec('test -e /run/systemd/network/10-netplan-bond1.netdev')).exitCode, 1, 'regenerated without bond1');
    await waitBond(vm, bothUp, 'bond0 untouched, both slaves up');
  });

  it('state: absent removes the bond: tsprov\'s netplan file goes, the generated bond is deleted, the slaves released; a rerun changes nothing', async () => {
    const inv = labInventory({ np: { vm, vars: { backend: 'netplan', bonds: [{ name: 'bond0', state: 'absent' }] } } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.equal((await vm.exec('test -e /etc/netplan/90-tsprov-bond0.yaml')).exitCode, 1, "tsprov's file is gone");
    assert.equal((await vm.exec('test -e /run/systemd/network/10-netplan-bond0.netdev')).exitCode, 1, 'regenerated without bond0');
    assert.equal((await vm.exec('test -e /sys/class/net/bond0')).exitCode, 1, 'bond0 is gone');
    for (const nic of ['eth1', 'eth2']) assert.equal((await vm.exec(`test -e /sys/class/net/${nic}/master`)).exitCode, 1, `${nic} released`);
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /inet 10\.0\.2\.15\/24/, 'the management NIC untouched');
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /np\s+: ok=1\s+changed=0\s/, again.out + again.err);
  });
});
