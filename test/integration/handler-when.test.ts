/**
 * `when` on a handler, through the CLI against a real sshd test host: the bundled playbook's
 * reload handler, made conditional, is notified and skipped; the files are applied, nothing is
 * reloaded or verified, and every report says why. The host's kernel config is the harness's
 * FAKE (CONFIG_BONDING=y): this machine has no bonding driver, which is why the reload is skipped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { fakeBondingKernelFiles, fakeDpkgStatus, tsprov, writeInventory } from './support/fleet.ts';

const BOND = { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], primary: 'eth1', miimon: 100, address: '198.18.251.10/24' };
const SKIPPED = 'handler reload bonds: skipped, when: "not (fake_driver | default(false))" is false';

describe('a handler whose when is false, through tsprov run', { skip: skipUnlessCi() }, () => {
  let host: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    host = await startTestHost({ nics: ['eth1', 'eth2'], files: { ...fakeBondingKernelFiles(), ...fakeDpkgStatus(['ifenslave']), '/etc/network/interfaces': 'auto lo\niface lo inet loopback\n' } });
    dir = mkdtempSync(join(tmpdir(), 'tsprov-handler-when-'));
  });
  after(async () => {
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applies the files, skips the reload and its verification, and the text and JSON reports say so', async () => {
    const inv = writeInventory(dir, { h1: { host, vars: { bonds: [BOND] } } }, { backend: 'ifupdown', fake_driver: true });
    const book = join(dir, 'site.yml');
    writeFileSync(book, readFileSync('playbooks/bonding.yml', 'utf8').replace('      bond_reload: {}\n', '      bond_reload: {}\n      when: not (fake_driver | default(false))\n'));
    assert.match(readFileSync(book, 'utf8'), /when: not \(fake_driver/, 'the bundled playbook still has its handler');
    const json = join(dir, 'report.json');
    const r = await tsprov(['run', book, '-i', inv, '--report', `json=${json}`]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out + r.err, new RegExp(`^ {2}${SKIPPED.replace(/[()|"]/g, '\\$&')}$`, 'm'));
    assert.doesNotMatch(r.out + r.err, /handlers run:|verify:/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { hosts: Array<{ status: string; handlers: string[]; notes: string[]; verify?: unknown }> };
    assert.deepEqual(report.hosts.map((h) => [h.status, h.handlers, h.notes.includes(SKIPPED), h.verify]), [['changed', [], true, undefined]]);
    assert.match((await host.execInHost('cat /etc/network/interfaces')).stdout, /^iface bond0 inet static$/m);
  });
});
