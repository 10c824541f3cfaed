// Faults on real sshd test hosts: the disk fills up, or turns read-only, under the apply.
// Each faulty host runs next to a healthy one in the same `tsprov run`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost } from '../../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../../harness/availability.ts';
import { writeInventory } from '../support/fleet.ts';
import { A, assertBackup, assertNoTemps, assertOldOrNew, B, faultHost, hashIn, newContent, OLD, PLAY, runWithReport, sha } from './support.ts';

const SUB = '/etc/tsprov-faults/sub';

describe('faults: disk full and read-only during apply, on real sshd hosts', { skip: skipUnlessCi() }, () => {
  let healthy: TestHost, full: TestHost, ro: TestHost, backupFull: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-faults-disk-'));
    [healthy, full, ro, backupFull] = await Promise.all([faultHost(), faultHost(), faultHost(), faultHost()]);
    // In the host's own mount namespace (what its sshd sessions see), never this machine's.
    // A 2-page tmpfs holding the old b.conf and a filler: not one more page fits.
    const fill = (d: string): string => `dd if=/dev/zero of=${d}/filler bs=4096 count=16 2>/dev/null; true`;
    await full.execInHost(`set -e; mount -t tmpfs -o size=8k tsprov-fault-full ${SUB}; printf 'old b\\n' > ${B}; ${fill(SUB)}`);
    await ro.execInHost(`set -e; mount --bind ${SUB} ${SUB}; mount -o remount,bind,ro ${SUB}`);
    await backupFull.execInHost(`set -e; mkdir -p /var/backups/tsprov; mount -t tmpfs -o size=4k tsprov-fault-backups /var/backups/tsprov; ${fill('/var/backups/tsprov')}`);
  });
  after(async () => {
    await Promise.all([healthy, full, ro, backupFull].map((h) => h?.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each faulty host fails with its files restored and backups intact; the healthy host changes; exit 3', async (t) => {
    const hosts = { healthy, full, ro, backupFull };
    const inv = writeInventory(dir, Object.fromEntries(Object.entries(hosts).map(([n, h]) => [n, { host: h, vars: { ...newContent(n), linger: 0 } }])));
    const r = await runWithReport(dir, ['run', PLAY, '-i', inv, '--run-id', 'disk-fault']);
    const log = r.out + r.err;
    for (const line of r.summary().split('\n')) t.diagnostic(line);
    assert.equal(r.code, 3, log);
    assert.equal(r.report.exitCode, 3);

    assert.equal(r.host('healthy').status, 'changed', log);
    assert.equal(await assertOldOrNew(healthy, A, OLD[A], newContent('healthy').a), 'new');
    assert.equal(await assertOldOrNew(healthy, B, OLD[B], newContent('healthy').b), 'new');
    await assertBackup(healthy, 'disk-fault', A, OLD[A]);
    await assertBackup(healthy, 'disk-fault', B, OLD[B]);

    // The change of b.conf fails (ENOSPC / EROFS) after a.conf was written: a.conf is put back,
    // b.conf was never touched — restoring it is not needed (and would fail on that disk).
    for (const [name, h] of [['full', full], ['ro', ro]] as const) {
      const res = r.host(name);
      assert.equal(res.status, 'failed', `${name}: ${res.message}`);
      assert.match(res.message ?? '', /apply failed at change file:1 \(rc \d+\); files restored from backup/, name);
      assert.equal(await assertOldOrNew(h, A, OLD[A], newContent(name).a), 'old', `${name}: a.conf restored`);
      assert.equal(await assertOldOrNew(h, B, OLD[B], newContent(name).b), 'old', `${name}: b.conf untouched`);
      await assertBackup(h, 'disk-fault', A, OLD[A]);
      await assertBackup(h, 'disk-fault', B, OLD[B]);
      await assertNoTemps(h, ['/etc/tsprov-faults', SUB]);
      assert.match((await h.execInHost('cat /var/backups/tsprov/disk-fault/failed')).stdout, / change file:1\n$/, `${name}: failed marker`);
      assert.equal((await h.execInHost('test -e /run/lock/tsprov.lock && echo held || echo free')).stdout, 'free\n', `${name}: lock released`);
    }
    assert.equal((await full.execInHost(`df -k --output=avail ${SUB} | tail -1`)).stdout.trim(), '0', 'the tmpfs really was full');

    // The backup cannot be written: nothing on the host is touched at all.
    const bf = r.host('backupFull');
    assert.equal(bf.status, 'failed', bf.message);
    assert.match(bf.message ?? '', /apply failed at backup backup:\d \(rc \d+\)/);
    assert.doesNotMatch(bf.message ?? '', /restored/);
    assert.equal(await hashIn(backupFull, A), sha(OLD[A]));
    assert.equal(await hashIn(backupFull, B), sha(OLD[B]));
  });
});
