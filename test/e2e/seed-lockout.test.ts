// Scenarios 4 and 5 of the lab issue on one Debian bookworm VM: the seed's host with the legacy
// backend (tsprov sees the seed's layout cannot work here and applies the working equivalent),
// then a config that cuts the management path and is undone by the on-host timer.
// Port block 23100–23199.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labVmSpec, startVm, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { labInventory, labSkip, slaveMii, vmRun, waitBond } from './support/lab-fleet.ts';

const BASE = 23100;
const PLAY = 'playbooks/bonding.yml';

describe('seed host and lockout on one VM', { skip: labSkip(), timeout: 1_800_000 }, () => {
  let vm: Vm;
  before(async () => {
    vm = await startVm(labVmSpec({ base: BASE, index: 1, name: 'testbox' }));
  });
  after(async () => {
    await vm?.stop();
  });

  it("4: the seed's host on bookworm — the seed's layout cannot come up, so the working equivalent is applied, with a note, and verified", async () => {
    // The seed's declaration (inventories/seed.yml), slaves renamed: in the lab eth0 carries SSH.
    const seed = { backend: 'ifupdown-legacy', bonds: [{ name: 'bond0', mode: 0, slaves: ['eth1', 'eth2'], miimon: 100, address: '10.1.100.63/24', gateway: '10.1.100.1', hwaddress: '00:02:B3:48:50:2C', slave_drivers: { eth1: 'e1000', eth2: 'e1000' } }] };
    const inv = labInventory({ testbox: { vm, vars: seed } });
    const facts = JSON.parse((await tsprov(['facts', '-i', inv, '--json'])).out).hosts.testbox;
    assert.equal(facts.facts.commands.ifenslave, false, 'bookworm: no /sbin/ifenslave');
    assert.equal(facts.facts.modprobe.maxBonds, 0, "systemd's max_bonds=0");
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /NOTE \(deviation\): .*ifenslave/);
    assert.match(r.out, /verify: holds/);
    const text = await waitBond(vm, (t) => Object.values(slaveMii(t)).every((s) => s === 'up') && Object.keys(slaveMii(t)).length === 2, 'both slaves up');
    assert.match(text, /Bonding Mode: load balancing \(round-robin\)/);
    assert.match(await vmRun(vm, 'ip -o addr show dev bond0'), /inet 10\.1\.100\.63\/24/);
    assert.match(await vmRun(vm, 'ip -o link show dev bond0'), /link\/ether 00:02:b3:48:50:2c/);
    assert.match(await vmRun(vm, 'ip route show default'), /default via 10\.1\.100\.1 dev bond0/);
    assert.doesNotMatch(await vmRun(vm, 'cat /etc/network/interfaces /etc/network/interfaces.d/* 2>/dev/null'), /up ifenslave/, 'no line that cannot work here');
  });

  it('5: a config that cuts the management path is rolled back by the on-host timer; tsprov reconnects and says so', async () => {
    const before = await vmRun(vm, 'cat /etc/network/interfaces');
    // Enslaving eth0, the NIC SSH comes in on, cuts the controller off.
    const lockout = { backend: 'ifupdown', bonds: [{ name: 'bond1', mode: 'active-backup', slaves: ['eth0'], miimon: 100, address: '10.99.0.1/24' }] };
    const inv = labInventory({ testbox: { vm, vars: lockout } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain', '--confirm-timeout', '30', '--connect-timeout', '15']);
    assert.equal(r.code, 3, r.out + r.err);
    assert.match(r.out, /precondition WARN management\.interface/);
    // Either the session drops (tsprov reconnects after the timer) or, on a loaded machine, it
    // stalls and survives the lockout, and the restore finds the timer already fired.
    assert.match(r.out, /testbox: rolled-back — rolled back(: lost connectivity| by the on-host timer before verification completed)/);
    // Reachable again, with the old config back and no bond1.
    assert.equal(await vmRun(vm, 'cat /etc/network/interfaces'), before);
    assert.equal((await vm.exec('test -e /sys/class/net/bond1')).exitCode, 1, 'bond1 is gone');
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /10\.0\.2\.15/);
  });
});
