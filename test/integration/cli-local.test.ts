import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsprov } from './support/fleet.ts';

// The control machine itself, through the `local` connection, READ-ONLY (facts and check mode):
// its own kernel has no CONFIG_BONDING, a real precondition failure.
describe('the control machine as a host (local connection, read-only)', () => {
  let dir: string;
  let inv: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-local-'));
    inv = join(dir, 'inv.yml');
    writeFileSync(inv, 'all:\n  hosts:\n    controller:\n      connection: local\n      backend: ifupdown\n      bonds:\n        - {name: bond0, mode: balance-rr, slaves: [tspnic1, tspnic2], miimon: 100}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('facts report the missing CONFIG_BONDING with evidence, exit 3', async () => {
    const r = await tsprov(['facts', '-i', inv, '--json']);
    assert.equal(r.code, 3, r.err);
    const host = JSON.parse(r.out).hosts.controller;
    const bonding = host.preconditions.find((p: { id: string }) => p.id === 'kernel.bonding');
    assert.equal(bonding.verdict, 'fail');
    assert.match(bonding.evidence, /CONFIG_BONDING is not set|CONFIG_BONDING not present|no kernel config/);
    assert.equal(host.execCount, 1);
  });

  it('check mode still shows the plan for review, and reports the host failed', async () => {
    const r = await tsprov(['check', 'playbooks/bonding.yml', '-i', inv]);
    assert.equal(r.code, 3, r.out);
    assert.match(r.out, /controller: failed — \d+ preconditions? failed: kernel\.bonding/);
    assert.match(r.out, /\+iface bond0 inet manual|\+auto bond0/);
  });
});
