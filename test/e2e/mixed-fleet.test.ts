// Scenario 7 of the lab issue: one run over a mixed fleet of four VMs — one whose kernel has no
// bonding module, one whose management link is down (unreachable), one with an old bond config,
// one already right — gives the right status per host and the right exit code.
// Port block 23200–23299.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labVmSpec, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { labInventory, labSkip, startAll, vmRun, waitBond } from './support/lab-fleet.ts';

const BASE = 23200;
const PLAY = 'playbooks/bonding.yml';
const bond = (addr: string) => ({ bonds: [{ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100, address: addr }] });
const OLD_BOND = 'auto bond0\niface bond0 inet static\n    address 192.168.78.3/24\n    bond-slaves eth1 eth2\n    bond-mode active-backup\n    bond-miimon 50\n';

describe('mixed lab fleet in one run', { skip: labSkip(), timeout: 1_800_000 }, () => {
  let nomod: Vm, dark: Vm, old: Vm, right: Vm;
  before(async () => {
    const vms = await startAll(['nomod', 'dark', 'old', 'right'].map((name, i) => labVmSpec({ base: BASE, index: i + 1, name })));
    [nomod, dark, old, right] = vms as [Vm, Vm, Vm, Vm];
  });
  after(async () => {
    await Promise.all([nomod, dark, old, right].map((vm) => vm?.stop()));
  });

  it('7: failed / unreachable / changed / ok, exit 4, and the others are not held up', async () => {
    // nomod: the bonding module removed from its kernel's module tree (a real "not available").
    await vmRun(nomod, 'rm -rf /lib/modules/$(uname -r)/kernel/drivers/net/bonding && depmod -a');
    // old: a hand-made bond with other settings, up and running.
    await vmRun(old, `apt-get install -y -q ifenslave >/dev/null && printf '%s' '${OLD_BOND}' > /etc/network/interfaces.d/bond0 && ifup bond0`);
    await waitBond(old, (t) => /active-backup/.test(t), 'old bond up');
    // right: converged by an earlier tsprov run.
    const rightOnly = labInventory({ right: { vm: right, vars: bond('192.168.78.4/24') } });
    const pre = await tsprov(['run', PLAY, '-i', rightOnly, '-o', 'plain']);
    assert.equal(pre.code, 0, pre.out);
    // dark: its management cable pulled — the VM runs, SSH cannot reach it.
    await dark.qmp('set_link', { name: 'mgmt', up: false });

    const inv = labInventory({
      nomod: { vm: nomod, vars: bond('192.168.78.1/24') },
      dark: { vm: dark, vars: { ...bond('192.168.78.2/24'), connect_timeout: 5 } },
      old: { vm: old, vars: bond('192.168.78.3/24') },
      right: { vm: right, vars: bond('192.168.78.4/24') },
    });
    const json = join(tmpdir(), `tsprov-mixed-${process.pid}.json`);
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain', '--report-json', json]);
    assert.equal(r.code, 4, `unreachable wins the exit code\n${r.out}${r.err}`);
    const byHost = Object.fromEntries(JSON.parse(readFileSync(json, 'utf8')).hosts.map((h: { host: string }) => [h.host, h]));
    assert.equal(byHost.nomod.status, 'failed');
    assert.ok(byHost.nomod.preconditions.some((p: { id: string; verdict: string }) => p.id === 'kernel.bonding-module' && p.verdict === 'fail'), 'failed on the module precondition');
    assert.equal(byHost.dark.status, 'unreachable');
    assert.match(byHost.dark.errorKind, /timeout|unreachable/);
    assert.equal(byHost.old.status, 'changed');
    assert.equal(byHost.old.verify.ok, true);
    assert.equal(byHost.right.status, 'ok');
    assert.equal(byHost.right.changed, 0);
    const text = await waitBond(old, (t) => /round-robin/.test(t), 'old host now balance-rr');
    assert.match(text, /MII Polling Interval \(ms\): 100/);
    assert.match(r.out, /RECAP\n(?:.*\n)*nomod\s+: ok=.*status=failed.*\n(?:.*\n)*dark\s+: ok=.*status=unreachable/);
  });
});
