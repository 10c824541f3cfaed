// Fault: the connection is lost during apply, after the on-host rollback timer was armed: the
// host's management link goes down (packets vanish, no reset) while its reload handler runs.
// Next to a healthy host in the same run. ifup/ifdown are FAKES (this kernel has no bonding).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost } from '../../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../../harness/availability.ts';
import { fakeBondingKernelFiles, fakeDpkgStatus, writeInventory } from '../support/fleet.ts';
import { BOND_ON_FAKE, OLD_INTERFACES } from '../support/fake-ifup-hosts.ts';
import { A, assertBackup, assertOldOrNew, faultHost, newContent, OLD, runWithReport, waitInHost } from './support.ts';

const PLAY = 'test/integration/faults/fixtures/bond-and-file.yml';
const RUN = 'lost-fault';
const IFACES = '/etc/network/interfaces';
const CONFIRM_S = 4;
// FAKE ifup/ifdown: mark that the handler runs, linger so the link can go down under it.
const LINGERING_IFUPDOWN = '#!/bin/sh\n# FAKE for tsprov tests: no bond is made; lingers like a slow ifup\ntouch /run/tsprov-fault-ifup\nsleep 2\nexit 0\n';

describe('faults: connection lost during apply (timer armed), on real sshd hosts', { skip: skipUnlessCi() }, () => {
  let healthy: TestHost, lost: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-faults-lost-'));
    [healthy, lost] = await Promise.all([
      faultHost(),
      faultHost({
        nics: ['eth1', 'eth2'],
        files: { ...fakeBondingKernelFiles(), ...fakeDpkgStatus(['ifenslave']), [IFACES]: OLD_INTERFACES, '/usr/local/sbin/ifup': LINGERING_IFUPDOWN, '/usr/local/sbin/ifdown': LINGERING_IFUPDOWN },
      }),
    ]);
    await lost.execInHost('chmod 755 /usr/local/sbin/ifup /usr/local/sbin/ifdown');
  });
  after(async () => {
    await Promise.all([healthy, lost].map((h) => h?.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the timer restores the lost host, tsprov reports it rolled back; the healthy host changes; exit 3', async (t) => {
    const inv = writeInventory(dir, {
      healthy: { host: healthy, vars: { ...newContent('healthy'), backend: 'ifupdown' } },
      lost: { host: lost, vars: { ...newContent('lost'), backend: 'ifupdown', bonds: [BOND_ON_FAKE] } },
    });
    let waiting = false;
    const run = runWithReport(dir, ['run', PLAY, '-i', inv, '--run-id', RUN, '--confirm-timeout', String(CONFIRM_S)], (out) => {
      waiting ||= /lost: rollback \(waiting \d+s for the on-host timer\)/.test(out);
    });
    await waitInHost(lost, 'test -e /run/tsprov-fault-ifup', 30_000);
    // Inside the host's namespace: its end of the management link. Nothing answers, nothing resets.
    await lost.execInHost('ip link set mgmt0 down');
    // Back only once tsprov has given the session up and the on-host timer has done its work.
    for (let i = 0; i < 600 && !waiting; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(waiting, 'tsprov noticed the lost connection and waits for the on-host timer');
    await waitInHost(lost, `test -e /var/backups/tsprov/${RUN}/rolled-back`, 30_000);
    await lost.execInHost('ip link set mgmt0 up');
    const r = await run;
    for (const line of r.summary().split('\n')) t.diagnostic(line);
    const log = r.out + r.err;
    assert.equal(r.code, 3, log);

    const h = r.host('healthy');
    assert.equal(h.status, 'changed', h.message);
    assert.equal(await assertOldOrNew(healthy, A, OLD[A], newContent('healthy').a), 'new');

    const l = r.host('lost');
    assert.equal(l.status, 'rolled-back', l.message);
    assert.match(l.message ?? '', /rolled back: lost connectivity \(on-host state: rolled-back \S+ 0\)$/);
    const newIfaces = (await lost.execInHost(`cat /var/backups/tsprov/${RUN}/files${IFACES}`)).stdout;
    assert.equal(newIfaces, OLD_INTERFACES, 'the backup holds the old interfaces file');
    assert.equal(await assertOldOrNew(lost, A, OLD[A], newContent('lost').a), 'old', 'a.conf restored');
    assert.equal((await lost.execInHost(`cat ${IFACES}`)).stdout, OLD_INTERFACES, 'interfaces restored byte for byte');
    await assertBackup(lost, RUN, A, OLD[A]);
    assert.equal((await lost.execInHost('test -e /run/lock/tsprov.lock && echo held || echo free')).stdout, 'free\n');
    // Keepalives (5 s, 3 missed) notice the loss; then the timer plus 10 s: bounded, not tight.
    assert.ok(l.durationMs < 90_000, `lost took ${l.durationMs} ms`);
    assert.ok(h.durationMs < 20_000, `healthy took ${h.durationMs} ms`);
  });
});
