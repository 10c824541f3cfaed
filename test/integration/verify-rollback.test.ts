import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { fakeBondingKernelFiles, fakeDpkgStatus, tsprov, writeInventory } from './support/fleet.ts';

const PLAY = 'test/integration/fixtures/bond-noinstall.yml';
const OLD = 'auto lo\niface lo inet loopback\n\nauto eth1\niface eth1 inet dhcp\n';
// FAKE ifupdown, named as such: this machine's kernel cannot make a bond, so ifup "succeeds"
// without one and verification must catch it. Real bonds are proven in the VM lab.
const FAKE = '#!/bin/sh\n# FAKE for tsprov tests: succeeds, creates nothing\nexit 0\n';
const BOND = { name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100, address: '198.18.252.10/24' };

describe('verification failure on a real sshd host rolls back', { skip: skipUnlessCi() }, () => {
  const hosts: TestHost[] = [];
  let dir: string;
  const host = async (): Promise<TestHost> => {
    const h = await startTestHost({ nics: ['eth1', 'eth2'], files: { ...fakeBondingKernelFiles(), ...fakeDpkgStatus(['ifenslave']), '/etc/network/interfaces': OLD, '/usr/local/sbin/ifup': FAKE, '/usr/local/sbin/ifdown': FAKE } });
    await h.execInHost('chmod 755 /usr/local/sbin/ifup /usr/local/sbin/ifdown');
    hosts.push(h);
    return h;
  };
  before(() => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-verify-'));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('restores the old files, reports failed with the verification, and stands the timer down', async () => {
    const h = await host();
    const inv = writeInventory(mkdtempSync(join(dir, 'a-')), { h1: { host: h, vars: { backend: 'ifupdown', bonds: [BOND] } } });
    const json = join(dir, 'a.json');
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

  it('--no-rollback leaves the new config for inspection (still armed)', async () => {
    const h = await host();
    const inv = writeInventory(mkdtempSync(join(dir, 'b-')), { h2: { host: h, vars: { backend: 'ifupdown', bonds: [BOND] } } });
    const r = await tsprov(['run', PLAY, '-i', inv, '--verify-timeout', '1', '--confirm-timeout', '300', '--no-rollback', '--run-id', 'left-armed']);
    assert.equal(r.code, 3, r.out);
    assert.match(r.out, /left as is \(--no-rollback\)/);
    assert.match((await h.execInHost('cat /etc/network/interfaces')).stdout, /bond-slaves eth1 eth2/);
    assert.equal((await h.execInHost('test -e /var/backups/tsprov/left-armed/armed && echo armed')).stdout, 'armed\n');
  });
});
