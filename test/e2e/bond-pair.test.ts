// Scenarios 1, 2, 3 and 6 of the lab issue on two Debian VMs cabled back to back (e1000 NICs,
// the real bonding driver, real ifupdown/ifenslave). Port block 23000–23099.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cableBackToBack, labVmSpec, setCable, startVm, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { labInventory, labSkip, slaveMii, vmRun, waitBond } from './support/lab-fleet.ts';

const BASE = 23000;
const PLAY = 'playbooks/bonding.yml';
const bond = (addr: string, extra: Record<string, unknown> = {}) => ({ bonds: [{ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100, address: addr, ...extra }] });

describe('bond pair: two VMs cabled back to back', { skip: labSkip(), timeout: 1_200_000 }, () => {
  let a: Vm, b: Vm;
  before(async () => {
    const [sa, sb] = cableBackToBack(labVmSpec({ base: BASE, index: 1, name: 'pair-a' }), labVmSpec({ base: BASE, index: 2, name: 'pair-b' }));
    [a, b] = await Promise.all([startVm(sa), startVm(sb)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('1: fresh VMs — ifenslave missing, run installs it, bonds come up and verify; a second run changes nothing', async () => {
    const inv = labInventory({ a: { vm: a, vars: bond('192.168.77.1/24') }, b: { vm: b, vars: bond('192.168.77.2/24') } });
    const facts = await tsprov(['facts', '-i', inv, '--json']);
    const pre = JSON.parse(facts.out).hosts.a.preconditions.find((p: { id: string }) => p.id === 'package.ifenslave');
    assert.equal(pre.verdict, 'warn', 'ifenslave is missing and will be installed');

    const first = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(first.code, 0, first.out + first.err);
    assert.match(first.out, /install package ifenslave/);
    for (const vm of [a, b]) {
      const text = await waitBond(vm, (t) => Object.values(slaveMii(t)).filter((s) => s === 'up').length === 2, 'both slaves up');
      assert.match(text, /Bonding Mode: load balancing \(round-robin\)/);
      assert.match(text, /MII Polling Interval \(ms\): 100/);
    }
    assert.match(first.out, /verify: holds/);
    assert.match(await vmRun(a, 'ping -c 3 -W 2 192.168.77.2'), /3 received/);

    const second = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /a\s+: status=ok\s+ok=1\s+changed=0/);
    assert.match(second.out, /b\s+: status=ok\s+ok=1\s+changed=0/);
    assert.doesNotMatch(second.out, /handlers run/);
  });
});
