// Verification after an apply that moves the management address (issue 6: "a new SSH connection,
// to the new address if the management address moved"). Real sshd hosts; FAKE ifup/ifdown as in
// verify-rollback (this kernel has no bonding), so verification fails and the rollback path is
// the one exercised — over the new address, with the outcome read over the old one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestHost } from '../harness/test-host.ts';
import { skipUnlessCi } from '../harness/availability.ts';
import { rootVethName } from '../harness/netns.ts';
import { mustRun } from '../harness/proc.ts';
import { tsprov, writeInventory } from './support/fleet.ts';
import { BOND_ON_FAKE, fakeIfupSuite, OLD_INTERFACES } from './support/fake-ifup-hosts.ts';

const PLAY = 'test/integration/fixtures/bond-noinstall.yml';
const OLD = OLD_INTERFACES;
const BOND = BOND_ON_FAKE;

/** A second address of the host in 198.19.254.0/24 (harness links reach it only for host indexes above 16000), routed over its own veth. */
async function secondAddress(h: TestHost): Promise<string> {
  const addr = `198.19.254.${(h.index % 250) + 1}`;
  await mustRun('ip', ['-n', h.netns, 'addr', 'add', `${addr}/32`, 'dev', 'mgmt0']);
  await mustRun('ip', ['route', 'add', `${addr}/32`, 'dev', rootVethName(h.index)]);
  return addr;
}

describe('verification reconnects to a moved management address', { skip: skipUnlessCi() }, () => {
  const suite = fakeIfupSuite('tsprov-reconnect-');
  const host = (): Promise<TestHost> => suite.host();

  it('verifies over reconnect_address (host key pinned, not in known_hosts), rolls back, reads the outcome over the old address', async () => {
    const h = await host();
    const moved = await secondAddress(h);
    // known_hosts holds the key only under the old address: strict checking would refuse the new one.
    const inv = writeInventory(mkdtempSync(join(suite.dir(), 'a-')), { h1: { host: h, vars: { backend: 'ifupdown', bonds: [BOND], reconnect_address: moved } } });
    const json = join(suite.dir(), 'a.json');
    const r = await tsprov(['run', PLAY, '-i', inv, '--verify-timeout', '2', '--confirm-timeout', '300', '--run-id', 'moved-ok', '--report-json', json]);
    assert.equal(r.code, 3, r.out + r.err);
    const h1 = JSON.parse(readFileSync(json, 'utf8')).hosts[0];
    assert.ok(h1.notes.some((n: string) => n.includes(`verifying over the new management address ${moved} (reconnect_address)`)), JSON.stringify(h1.notes));
    assert.ok(!h1.notes.some((n: string) => n.startsWith('cannot reach')), JSON.stringify(h1.notes));
    assert.equal(h1.verify.ok, false, 'verification ran (over the new address) and found no bond');
    assert.match(h1.message, /verification failed .*; rolled back \(on-host state: /);
    assert.ok(h1.verifyAfterRollback, 'the old state was checked over the old address');
    assert.equal((await h.execInHost('cat /etc/network/interfaces')).stdout, OLD, 'old config restored');
  });

  it('cannot reach the new address: waits out the on-host timer, reports rolled back: lost connectivity', async () => {
    const h = await host();
    // Routed into the host's own veth but not assigned there: packets stay on the test's link and
    // nothing answers (never the machine's default route).
    const dead = `198.19.253.${(h.index % 250) + 1}`;
    await mustRun('ip', ['route', 'add', `${dead}/32`, 'dev', rootVethName(h.index)]);
    const inv = writeInventory(mkdtempSync(join(suite.dir(), 'b-')), { h2: { host: h, vars: { backend: 'ifupdown', bonds: [BOND], reconnect_address: dead, connect_timeout: 2 } } });
    const json = join(suite.dir(), 'b.json');
    const r = await tsprov(['run', PLAY, '-i', inv, '--confirm-timeout', '3', '--run-id', 'moved-lost', '--report-json', json]);
    assert.equal(r.code, 3, r.out + r.err);
    const h2 = JSON.parse(readFileSync(json, 'utf8')).hosts[0];
    assert.equal(h2.status, 'rolled-back', h2.message);
    assert.match(h2.message, /rolled back: lost connectivity/);
    assert.ok(h2.notes.some((n: string) => n.startsWith(`cannot reach ${dead}`)), JSON.stringify(h2.notes));
    assert.equal((await h.execInHost('cat /etc/network/interfaces')).stdout, OLD, 'the on-host timer restored the old config');
  });
});
