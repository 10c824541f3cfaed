// Fault: two controllers at once. Two `tsprov run` processes start together, each on a shared
// host and a healthy host of its own: exactly one takes the shared host's lock; the other fails
// there clearly, and both healthy hosts change. (apply.test.ts covers a second run started
// into a held lock; this one races them.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost } from '../../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../../harness/availability.ts';
import { writeInventory } from '../support/fleet.ts';
import { A, assertBackup, assertOldOrNew, B, faultHost, newContent, OLD, PLAY, runWithReport } from './support.ts';

describe('faults: two controllers at once on the same host', { skip: skipUnlessCi() }, () => {
  let shared: TestHost, own1: TestHost, own2: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-faults-ctl-'));
    [shared, own1, own2] = await Promise.all([faultHost(), faultHost(), faultHost()]);
  });
  after(async () => {
    await Promise.all([shared, own1, own2].map((h) => h?.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('one controller holds the shared host, the other fails there naming it; no file mixes the two', async (t) => {
    // The winner's handler holds the lock for 5 s: longer than the loser needs to get there.
    const inv = (n: 1 | 2, own: TestHost): string => writeInventory(mkdtempSync(join(dir, `c${n}-`)), {
      shared: { host: shared, vars: { ...newContent(`controller ${n}`), linger: 5 } },
      [`own${n}`]: { host: own, vars: { ...newContent(`own${n}`), linger: 0 } },
    });
    const [r1, r2] = await Promise.all([
      runWithReport(dir, ['run', PLAY, '-i', inv(1, own1), '--run-id', 'ctl-1']),
      runWithReport(dir, ['run', PLAY, '-i', inv(2, own2), '--run-id', 'ctl-2']),
    ]);
    for (const [n, r] of [[1, r1], [2, r2]] as const) for (const line of r.summary().split('\n')) t.diagnostic(`controller ${n}: ${line}`);

    const won = [r1, r2].filter((r) => r.host('shared').status === 'changed');
    assert.equal(won.length, 1, 'exactly one controller changed the shared host');
    const winner = won[0] === r1 ? 1 : 2;
    const [w, l] = winner === 1 ? [r1, r2] : [r2, r1];
    const loser = winner === 1 ? 2 : 1;
    assert.equal(w.code, 0, w.out + w.err);
    assert.equal(l.code, 3, l.out + l.err);
    const refused = l.host('shared');
    assert.equal(refused.status, 'failed');
    assert.match(refused.message ?? '', new RegExp(`^host is locked by tsprov run ctl-${winner} \\(pid \\d+\\)$`));

    // Both healthy hosts finish, whichever controller they belong to.
    assert.equal(r1.host('own1').status, 'changed');
    assert.equal(r2.host('own2').status, 'changed');
    assert.equal(await assertOldOrNew(own1, A, OLD[A], newContent('own1').a), 'new');
    assert.equal(await assertOldOrNew(own2, A, OLD[A], newContent('own2').a), 'new');

    // The shared host holds the winner's files, both of them, byte for byte.
    assert.equal(await assertOldOrNew(shared, A, OLD[A], newContent(`controller ${winner}`).a), 'new');
    assert.equal(await assertOldOrNew(shared, B, OLD[B], newContent(`controller ${winner}`).b), 'new');
    await assertBackup(shared, `ctl-${winner}`, A, OLD[A]);
    await assertBackup(shared, `ctl-${winner}`, B, OLD[B]);
    assert.equal((await shared.execInHost(`test -e /var/backups/tsprov/ctl-${loser} && echo present || echo absent`)).stdout, 'absent\n', 'the refused run backed up nothing, wrote nothing');
    assert.equal((await shared.execInHost('test -e /run/lock/tsprov.lock && echo held || echo free')).stdout, 'free\n');
    // The refused controller does not wait for the lock: it ends well before the holder's handler.
    assert.ok(l.host('shared').durationMs < w.host('shared').durationMs, 'the refused host ended first');
  });
});
