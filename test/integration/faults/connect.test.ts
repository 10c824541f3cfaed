// Faults before anything runs on the host: a listener that never speaks (a FAKE, named as such),
// a host whose key changed, a host too slow to finish the handshake in time, and a host that is
// slow but within its timeout. All in one `tsprov run` next to a healthy host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost } from '../../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../../harness/availability.ts';
import { writeInventory } from '../support/fleet.ts';
import { A, assertOldOrNew, B, faultHost, newContent, OLD, PLAY, regenerateHostKey, runWithReport, silentListener, throttle } from './support.ts';

/** connect_timeout of the hosts expected to time out, in seconds. */
const TIMEOUT_S = 1;
// tsprov's default: 2 retries with 0.5 s and 1 s backoff after a transient connect failure.
const CONNECT_BUDGET_MS = 3 * TIMEOUT_S * 1000 + 1500;

describe('faults: silent, re-keyed, too slow and slow hosts next to a healthy one', { skip: skipUnlessCi() }, () => {
  let healthy: TestHost, rekeyed: TestHost, tooSlow: TestHost, slow: TestHost;
  let silent: Awaited<ReturnType<typeof silentListener>>;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-faults-connect-'));
    [healthy, rekeyed, tooSlow, slow] = await Promise.all([faultHost(), faultHost({ uniqueHostKey: true }), faultHost(), faultHost()]);
    silent = await silentListener();
    await regenerateHostKey(rekeyed);
    // 1 kbit/s host→controller: the server's handshake alone needs seconds. 48 kbit/s: slow but done.
    await throttle(tooSlow, '1kbit');
    await throttle(slow, '48kbit');
  });
  after(async () => {
    await Promise.all([healthy, rekeyed, tooSlow, slow].map((h) => h?.stop()));
    await silent?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports unreachable with the right kind, changes the healthy and the slow host, exits 4 in bounded time', async (t) => {
    const vars = (n: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...newContent(n), linger: 0, ...extra });
    const before = { rekeyed: rekeyed.treeHash(), tooSlow: tooSlow.treeHash() };
    const inv = writeInventory(dir, {
      healthy: { host: healthy, vars: vars('healthy') },
      // FAKE host: plain TCP on loopback that accepts and never sends the SSH banner.
      silent: { host: healthy, vars: vars('silent', { address: '127.0.0.1', port: silent.port, connect_timeout: TIMEOUT_S }) },
      rekeyed: { host: rekeyed, vars: vars('rekeyed') },
      tooSlow: { host: tooSlow, vars: vars('tooSlow', { connect_timeout: TIMEOUT_S }) },
      slow: { host: slow, vars: vars('slow', { connect_timeout: 60 }) },
    });
    const r = await runWithReport(dir, ['run', PLAY, '-i', inv, '--run-id', 'connect-fault']);
    const log = r.out + r.err;
    for (const line of r.summary().split('\n')) t.diagnostic(line);
    assert.equal(r.code, 4, log);
    assert.equal(r.report.exitCode, 4);

    const s = r.host('silent');
    assert.equal(s.status, 'unreachable', s.message);
    assert.equal(s.errorKind, 'timeout', s.message);
    assert.equal(silent.accepted(), 3, 'one attempt and two retries reached the silent listener');
    assert.ok(s.durationMs >= 3 * TIMEOUT_S * 1000, `silent gave up after ${s.durationMs} ms, before its timeouts ran out`);
    assert.ok(s.durationMs < 3 * CONNECT_BUDGET_MS, `silent took ${s.durationMs} ms`);

    const k = r.host('rekeyed');
    assert.equal(k.status, 'unreachable', k.message);
    assert.equal(k.errorKind, 'host-key', k.message);
    assert.match(k.message ?? '', /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.equal(rekeyed.treeHash(), before.rekeyed, 'nothing ran on the re-keyed host');

    const ts = r.host('tooSlow');
    assert.equal(ts.status, 'unreachable', ts.message);
    assert.equal(ts.errorKind, 'timeout', ts.message);
    assert.ok(ts.durationMs < 3 * CONNECT_BUDGET_MS, `tooSlow took ${ts.durationMs} ms`);
    assert.equal(tooSlow.treeHash(), before.tooSlow, 'nothing ran on the host that timed out');

    for (const [name, h] of [['healthy', healthy], ['slow', slow]] as const) {
      assert.equal(r.host(name).status, 'changed', `${name}: ${r.host(name).message}\n${log}`);
      assert.equal(await assertOldOrNew(h, A, OLD[A], newContent(name).a), 'new');
      assert.equal(await assertOldOrNew(h, B, OLD[B], newContent(name).b), 'new');
    }
    // Generous bounds, never tight ones: the healthy host does not wait for the others, and the
    // whole run is bounded by its slowest host rather than by the sum of the faults.
    assert.ok(r.host('healthy').durationMs < 20_000, `healthy took ${r.host('healthy').durationMs} ms`);
    assert.ok(r.host('slow').durationMs > r.host('healthy').durationMs, 'the throttled host really was slower');
    assert.ok(r.wallMs < 60_000, `the run took ${r.wallMs} ms`);
  });
});
