import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { localConnection, TransportError } from '../../../src/transport/index.ts';

describe('local connection', () => {
  it('has the same result shape as ssh: exit code, stdout, stderr, stdin', async () => {
    const c = localConnection();
    const r = await c.exec('cat; echo e >&2; exit 4', { stdin: Buffer.from('in\n') });
    assert.deepEqual([r.exitCode, r.stdout, r.stderr], [4, 'in\n', 'e\n']);
    assert.equal(c.execCount, 1);
  });
  it('feeds a script to `sh -s` as stdin; a script and bytes at once are refused', async () => {
    const c = localConnection();
    const r = await c.exec('sh -s', { script: 'echo from-script\n' });
    assert.equal(r.stdout, 'from-script\n');
    await assert.rejects(c.exec('sh -s', { script: 'true', stdin: Buffer.from('x') }), /pass script or stdin, not both/);
  });
  it('reports a signal', async () => {
    const r = await localConnection().exec('kill -TERM $$');
    assert.equal(r.signal, 'TERM');
  });
  it('times out and aborts', async () => {
    const c = localConnection();
    await assert.rejects(c.exec('sleep 5', { timeoutMs: 100 }), (e: unknown) => e instanceof TransportError && e.kind === 'timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(c.exec('sleep 5', { signal: ac.signal }), { name: 'AbortError' });
  });
});
