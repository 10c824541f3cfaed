// Fault: the host's SSH session dies mid-exec (its sshd session processes are killed while the
// apply script holds the host in a lingering handler), next to a healthy host in the same run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost } from '../../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../../harness/availability.ts';
import { writeInventory } from '../support/fleet.ts';
import { A, assertBackup, assertNoTemps, assertOldOrNew, B, faultHost, killSessions, newContent, OLD, PLAY, runWithReport, waitInHost } from './support.ts';

const RUN = 'drop-fault';

describe('faults: the SSH session drops mid-exec, on a real sshd host', { skip: skipUnlessCi() }, () => {
  let healthy: TestHost, dropped: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-faults-drop-'));
    [healthy, dropped] = await Promise.all([faultHost(), faultHost()]);
  });
  after(async () => {
    await Promise.all([healthy, dropped].map((h) => h?.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports the dropped host failed, restores it, keeps its backup; the healthy host changes; exit 3', async (t) => {
    const inv = writeInventory(dir, {
      healthy: { host: healthy, vars: { ...newContent('healthy'), linger: 0 } },
      dropped: { host: dropped, vars: { ...newContent('dropped'), linger: 3 } },
    });
    const run = runWithReport(dir, ['run', PLAY, '-i', inv, '--run-id', RUN]);
    // Both files renamed into place, the handler sleeping: the session goes now.
    await waitInHost(dropped, `[ "$(grep -c . /var/backups/tsprov/${RUN}/touched 2>/dev/null)" = 2 ]`, 30_000);
    assert.ok(await killSessions(dropped) > 0, 'there was a session to kill');
    const r = await run;
    for (const line of r.summary().split('\n')) t.diagnostic(line);
    const log = r.out + r.err;
    assert.equal(r.code, 3, log);

    assert.equal(r.host('healthy').status, 'changed', log);
    assert.equal(await assertOldOrNew(healthy, A, OLD[A], newContent('healthy').a), 'new');

    const d = r.host('dropped');
    assert.equal(d.status, 'failed', d.message);
    assert.match(d.message ?? '', /connection lost during apply .*; on-host state of run drop-fault: failed .*restored the backup/);
    // The script notices the lost session at its next progress line and restores the backup.
    await waitInHost(dropped, `test -e /var/backups/tsprov/${RUN}/failed && ! test -e /run/lock/tsprov.lock`, 15_000);
    assert.equal(await assertOldOrNew(dropped, A, OLD[A], newContent('dropped').a), 'old');
    assert.equal(await assertOldOrNew(dropped, B, OLD[B], newContent('dropped').b), 'old');
    await assertBackup(dropped, RUN, A, OLD[A]);
    await assertBackup(dropped, RUN, B, OLD[B]);
    await assertNoTemps(dropped, ['/etc/tsprov-faults', '/etc/tsprov-faults/sub']);
    assert.ok(d.durationMs < 30_000, `dropped took ${d.durationMs} ms`);
  });
});
