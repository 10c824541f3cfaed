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
import { labInventory, labSkip, slaveMii, vmRun, waitBond, waitExec } from './support/lab-fleet.ts';
import { dropManagementStanza, lockoutBond, LOCKOUT_RUN_FLAGS, ROLLED_BACK } from './support/lockout.ts';

const BASE = 23500;
const PLAY = 'playbooks/bonding.yml';
const bond = (mode: string) => ({ backend: 'networkd', bonds: [{ name: 'bond0', mode, slaves: ['eth1', 'eth2'], miimon: 100, address: '192.168.79.1/24' }] });
const bothUp = (t: string): boolean => Object.keys(slaveMii(t)).length === 2 && Object.values(slaveMii(t)).every((s) => s === 'up');

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
    const inv = labInventory({ nd: { vm, vars: bond('active-backup') } });
    await vm.setLink('nic1', false);
    try {
      await waitBond(vm, (t) => slaveMii(t).eth1 === 'down', 'eth1 down');
      const down = await tsprov(['verify', PLAY, '-i', inv]);
      assert.equal(down.code, 2, down.out + down.err);
      assert.match(down.out, /FAIL bond0 slaves up: expected 2\+ of 2, live 1 of 2/);
    } finally {
      await vm.setLink('nic1', true);
    }
    await waitBond(vm, bothUp, 'both slaves up again');
    const up = await tsprov(['verify', PLAY, '-i', inv]);
    assert.equal(up.code, 0, up.out + up.err);
  });

  it('a bond over the management NIC: refused while ifupdown configures eth0; once nothing does, the on-host timer rolls the lockout back', async () => {
    const inv = labInventory({ nd: { vm, vars: lockoutBond('networkd') } });
    const files = await vmRun(vm, 'ls /etc/systemd/network; cat /etc/systemd/network/*');
    const refused = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(refused.code, 3, refused.out + refused.err);
    assert.match(refused.out, /precondition FAIL backend\.conflict:eth0: eth0 is also configured by ifupdown \(\/etc\/network\/interfaces\)/);
    assert.equal(await vmRun(vm, 'ls /etc/systemd/network; cat /etc/systemd/network/*'), files, 'nothing written');

    await dropManagementStanza(vm);
    const r = await tsprov(['run', PLAY, '-i', inv, ...LOCKOUT_RUN_FLAGS]);
    assert.equal(r.code, 3, r.out + r.err);
    assert.match(r.out, /precondition WARN management\.interface/);
    assert.match(r.out, /create \/etc\/systemd\/network\/10-tsprov-bond1-eth0\.network/);
    assert.match(r.out, ROLLED_BACK('nd'));
    // Reachable again (vmRun reconnects), the old files back, no bond1, eth0's address back.
    assert.equal(await vmRun(vm, 'ls /etc/systemd/network; cat /etc/systemd/network/*'), files);
    assert.equal((await vm.exec('test -e /sys/class/net/bond1')).exitCode, 1, 'bond1 is gone');
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /inet 10\.0\.2\.15\/24/);
    assert.doesNotMatch(await vmRun(vm, 'ip -o link show dev eth0'), /master/, 'eth0 released');
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
