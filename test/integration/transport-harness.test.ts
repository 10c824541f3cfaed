import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connectSsh } from '../../src/transport/index.ts';
import { startTestHosts } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { run } from '../harness/proc.ts';

describe('test-host harness at scale', { skip: skipUnlessCi() }, () => {
  it('starts 20 hosts in parallel, each reachable, and leaves nothing behind', async () => {
    assertHarnessAvailable();
    const t0 = performance.now();
    const hosts = await startTestHosts(20, { nics: ['eth0'] });
    const startMs = performance.now() - t0;
    try {
      process.stdout.write(`# harness: 20 test hosts started in ${startMs.toFixed(0)} ms\n`);
      assert.equal(new Set(hosts.map((h) => h.address)).size, 20);
      assert.equal(new Set(hosts.map((h) => h.netns)).size, 20);
      // 20 handshakes at once on 2 busy cores can outlast the default 10 s; this tests the harness, not the timeout.
    const conns = await Promise.all(hosts.map((h) => connectSsh(h.spec(), { onWarning: () => {}, connectTimeoutMs: 60_000 })));
      const ids = await Promise.all(conns.map((c) => c.exec('cat /sys/class/net/mgmt0/address')));
      await Promise.all(conns.map((c) => c.close()));
      assert.equal(new Set(ids.map((r) => r.stdout)).size, 20, 'every connection landed in a different namespace');
    } finally {
      await Promise.all(hosts.map((h) => h.stop()));
    }
    const left = (await run('ip', ['netns', 'list'])).stdout;
    for (const h of hosts) {
      assert.ok(!new RegExp(`^${h.netns}\\b`, 'm').test(left), `${h.netns} removed`);
      assert.equal(existsSync(`/sys/class/net/tsh${h.index}`), false);
    }
  });
});
