import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestHost } from '../harness/test-host.ts';
import { skipUnlessCi } from '../harness/availability.ts';
import { tsprov, writeInventory } from './support/fleet.ts';
import { BOND_ON_FAKE, fakeIfupSuite, OLD_INTERFACES } from './support/fake-ifup-hosts.ts';

const PLAY = 'test/integration/fixtures/bond-noinstall.yml';
const OLD = OLD_INTERFACES;
const BOND = BOND_ON_FAKE;

describe('verification failure on a real sshd host rolls back', { skip: skipUnlessCi() }, () => {
  const suite = fakeIfupSuite('tsprov-verify-');
  const host = (): Promise<TestHost> => suite.host();

  it('restores the old files, reports failed with the verification, and stands the timer down', async () => {
    const h = await host();
    const inv = writeInventory(mkdtempSync(join(suite.dir(), 'a-')), { h1: { host: h, vars: { backend: 'ifupdown', bonds: [BOND] } } });
    const json = join(suite.dir(), 'a.json');
    const r = await tsprov(['run', PLAY, '-i', inv, '--verify-timeout', '2', '--confirm-timeout', '300', '--run-id', 'verify-fails', '--report-json', json]);
    assert.equal(r.code, 3, r.out + r.err);
    assert.match(r.out, /h1: failed — verification failed \(bond0 exists: expected \/proc\/net\/bonding\/bond0, got missing\); rolled back/);
    assert.equal((await h.execInHost('cat /etc/network/interfaces')).stdout, OLD, 'old config restored');
    assert.equal((await h.execInHost('test -e /var/backups/tsprov/verify-fails/rolled-back && test -d /var/backups/tsprov/verify-fails/decided && echo yes')).stdout, 'yes\n');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const host1 = report.hosts[0];
    assert.equal(host1.status, 'failed');
    assert.equal(host1.verify.ok, false);
    assert.ok(host1.verify.checks.some((c: { what: string; verdict: string }) => c.what === 'exists' && c.verdict === 'fail'));
    assert.ok(host1.verifyAfterRollback, 'the restored state was looked at too');
  });

  it('a timer that fires before verification ends is reported as its rollback, not as a bad bond', async () => {
    const h = await host();
    const inv = writeInventory(mkdtempSync(join(suite.dir(), 'c-')), { h3: { host: h, vars: { backend: 'ifupdown', bonds: [BOND] } } });
    // The 1 s timer fires long before the 10 s of verification polling give up.
    const r = await tsprov(['run', PLAY, '-i', inv, '--verify-timeout', '10', '--confirm-timeout', '1', '--run-id', 'timer-first']);
    assert.equal(r.code, 3, r.out + r.err);
    assert.match(r.out, /h3: rolled-back — rolled back by the on-host timer before verification completed \(the connection stalled past --confirm-timeout, or the timer is shorter than apply and verify; on-host state: rolled-back \d{4}-\d\d-\d\dT[\d:]+Z \d+\)/);
    assert.equal((await h.execInHost('cat /etc/network/interfaces')).stdout, OLD, 'old config restored');
  });

  it('--no-rollback leaves the new config for inspection (still armed)', async () => {
    const h = await host();
    const inv = writeInventory(mkdtempSync(join(suite.dir(), 'b-')), { h2: { host: h, vars: { backend: 'ifupdown', bonds: [BOND] } } });
    const r = await tsprov(['run', PLAY, '-i', inv, '--verify-timeout', '1', '--confirm-timeout', '300', '--no-rollback', '--run-id', 'left-armed']);
    assert.equal(r.code, 3, r.out);
    assert.match(r.out, /left as is \(--no-rollback\)/);
    assert.match((await h.execInHost('cat /etc/network/interfaces')).stdout, /bond-slaves eth1 eth2/);
    assert.equal((await h.execInHost('test -e /var/backups/tsprov/left-armed/armed && echo armed')).stdout, 'armed\n');
  });
});
