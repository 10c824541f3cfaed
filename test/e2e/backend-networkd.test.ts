// The networkd backend on a Debian bookworm VM: systemd 252's own networkd and the real bonding
// driver, beside ifupdown (which keeps only the management NIC). A bond applied, verified and
// rerun with changed=0; a mode change, which networkd 252 cannot apply to an existing bond, so
// tsprov recreates it; a pulled cable seen by `verify`; a lockout over the management NIC,
// refused while ifupdown configures it and rolled back by the on-host timer once nothing does;
// the bond removed (`state: absent`), a .network its files hid taking the slave back.
// Port block 23500–23599.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labVmSpec, startVm, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { labInventory, labSkip, vmRun, waitBond, waitExec } from './support/lab-fleet.ts';
import { bothUp, cablePullIsDrift, lockoutBond, lockoutRollsBack } from './support/lockout.ts';

const BASE = 23500;
const PLAY = 'playbooks/bonding.yml';
const bond = (mode: string) => ({ backend: 'networkd', bonds: [{ name: 'bond0', mode, slaves: ['eth1', 'eth2'], miimon: 100, address: '192.168.79.1/24' }] });

describe('networkd backend on one VM', { skip: labSkip(), timeout: 1_800_000 }, () => {
  let vm: Vm;
  before(async () => {
    vm = await startVm(labVmSpec({ base: BASE, index: 1, name: 'networkd' }));
    await vmRun(vm, 'systemctl start systemd-networkd');
  });
  after(async () => {
    await vm?.stop();
  });

  it('applies a bond through networkd (10-tsprov- files, networkctl), verifies it live, and a second run changes nothing', async () => {
    const inv = labInventory({ nd: { vm, vars: bond('balance-rr') } });
    const facts = JSON.parse((await tsprov(['facts', '-i', inv, '--json'])).out).hosts.nd.facts;
    assert.ok(facts.backend.active.includes('networkd'), JSON.stringify(facts.backend));
    assert.equal(facts.commands.networkctl, true);
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.deepEqual((await vmRun(vm, 'ls /etc/systemd/network')).trim().split('\n'), ['10-tsprov-bond0-eth1.network', '10-tsprov-bond0-eth2.network', '10-tsprov-bond0.netdev', '10-tsprov-bond0.network']);
    const text = await waitBond(vm, bothUp, 'both slaves up');
    assert.match(text, /Bonding Mode: load balancing \(round-robin\)/);
    assert.match(await vmRun(vm, 'ip -o addr show dev bond0'), /inet 192\.168\.79\.1\/24/);
    assert.match(await vmRun(vm, 'networkctl list --no-legend bond0'), /bond0\s+bond\s+(routable|carrier|degraded)\s/, 'networkd manages the bond');
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /10\.0\.2\.15/, 'the management NIC is still ifupdown\'s');

    const second = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(second.code, 0, second.out + second.err);
    assert.match(second.out, /nd\s+: ok=1\s+changed=0\s/);
    assert.doesNotMatch(second.out, /handlers run/);
  });

  it('a mode change on the live bond: networkd 252 keeps an existing bond as it is, so tsprov recreates it', async () => {
    const inv = labInventory({ nd: { vm, vars: bond('active-backup') } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /bond0: mode cannot change on a live bond: the bond goes down during the reload/);
    const text = await waitBond(vm, (t) => /active-backup/.test(t) && bothUp(t), 'active-backup, both slaves up');
    assert.match(text, /Bonding Mode: fault-tolerance \(active-backup\)/);
    assert.match(await vmRun(vm, 'grep ^Mode= /etc/systemd/network/10-tsprov-bond0.netdev'), /^Mode=active-backup$/m);
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /nd\s+: ok=1\s+changed=0\s/, again.out + again.err);
  });

  it('a pulled cable is drift for verify (exit 2); plugged back, verify holds (exit 0)', async () => {
    await cablePullIsDrift(vm, labInventory({ nd: { vm, vars: bond('active-backup') } }));
  });

  it('a bond over the management NIC: refused while ifupdown configures eth0; once nothing does, the on-host timer rolls the lockout back', async () => {
    await lockoutRollsBack({
      vm,
      host: 'nd',
      inv: labInventory({ nd: { vm, vars: lockoutBond('networkd') } }),
      files: 'ls /etc/systemd/network; cat /etc/systemd/network/*',
      writes: /create \/etc\/systemd\/network\/10-tsprov-bond1-eth0\.network/,
    });
    await waitBond(vm, bothUp, 'bond0 untouched, both slaves up');
  });

  it('state: absent removes the bond: its files go, networkd\'s bond is deleted, the slaves are released and a .network its files hid applies again; a rerun changes nothing', async () => {
    // Someone else's file for eth2, sorting after tsprov's: networkd ignores it while eth2 is bond0's.
    await vmRun(vm, "printf '[Match]\\nName=eth2\\n\\n[Network]\\nAddress=192.168.98.1/24\\n' > /etc/systemd/network/20-eth2.network");
    // Only the name: the slaves to release are the ones tsprov finds live.
    const inv = labInventory({ nd: { vm, vars: { backend: 'networkd', bonds: [{ name: 'bond0', state: 'absent' }] } } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.equal((await vmRun(vm, 'ls /etc/systemd/network')).trim(), '20-eth2.network', "only tsprov's files went");
    assert.equal((await vm.exec('test -e /sys/class/net/bond0')).exitCode, 1, 'bond0 is gone');
    for (const nic of ['eth1', 'eth2']) assert.equal((await vm.exec(`test -e /sys/class/net/${nic}/master`)).exitCode, 1, `${nic} released`);
    await waitExec(vm, 'ip -o addr show dev eth2 | grep -q "inet 192.168.98.1/24"', "eth2 configured by 20-eth2.network");
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /nd\s+: ok=1\s+changed=0\s/, again.out + again.err);
    assert.match(again.out, /bond0 already absent/);
  });
});
