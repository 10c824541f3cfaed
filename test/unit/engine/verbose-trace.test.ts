import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../../src/core/events.ts';
import { makeConnector } from '../../../src/engine/connect.ts';
import { runHost } from '../../../src/engine/host-run.ts';
import { DEFAULT_RUN_OPTIONS } from '../../../src/engine/types.ts';
import { maskedTrace } from '../../../src/transport/exec-trace.ts';
import type { Connection } from '../../../src/transport/types.ts';
import { host, play, task } from './fixtures.ts';

describe('verbose traces hide secrets before any reporter sees them', () => {
  it('the transport masks the values of the passphrase and sudo-password env vars in every trace', () => {
    process.env.TSPROV_UNIT_PASSPHRASE = 'Unit-Passphr4se';
    process.env.TSPROV_UNIT_SUDO = 'Unit-Sud0-pw';
    const seen: unknown[] = [];
    const trace = maskedTrace((t) => seen.push(t), ['TSPROV_UNIT_PASSPHRASE', 'TSPROV_UNIT_SUDO', undefined])!;
    trace({ kind: 'transport-debug', where: 'ssh', message: 'key Unit-Passphr4se, sudo Unit-Sud0-pw' });
    trace({ kind: 'remote-exec', where: 'ssh', command: 'echo Unit-Sud0-pw', become: false, stdinBytes: 0, durationMs: 1, exitCode: 0 });
    assert.deepEqual(seen, [
      { kind: 'transport-debug', where: 'ssh', message: 'key ********, sudo ********' },
      { kind: 'remote-exec', where: 'ssh', command: 'echo ********', become: false, stdinBytes: 0, durationMs: 1, exitCode: 0 },
    ]);
    assert.equal(maskedTrace(undefined, ['X']), undefined, 'no listener, no tracing');
    delete process.env.TSPROV_UNIT_PASSPHRASE;
    delete process.env.TSPROV_UNIT_SUDO;
  });

  it("the connector names the host and masks its secret vars in a real (local) exec's trace", async () => {
    const events: RunEvent[] = [];
    const connect = makeConnector({}, (e) => events.push(e));
    const conn = await connect(host({ db_password: 'Db-Pa55-unit' }));
    const r = await conn.exec('echo Db-Pa55-unit', { stdin: Buffer.from('abc') });
    assert.equal(r.stdout, 'Db-Pa55-unit\n', 'the command itself ran with the value');
    assert.equal(events.length, 2);
    assert.equal(events[0]!.kind, 'connection');
    assert.deepEqual({ ...events[1]!, durationMs: 0 }, { kind: 'remote-exec', host: 'web1', where: events[1]!.kind === 'remote-exec' ? events[1]!.where : '', command: 'echo ********', become: false, stdinBytes: 3, durationMs: 0, exitCode: 0 });
  });

  it('runHost emits templated args (-vv) and task results (-v) with secret values masked (local, check mode: read-only)', async () => {
    const events: RunEvent[] = [];
    const scope = {
      play: play([task('template', { dest: '/nonexistent-tsprov-unit/app.conf', template: 'pw={{ db_password }}\n' }), task('command', { cmd: 'echo {{ db_password }}' })]),
      host: host({ db_password: 'Db-Pa55-unit' }), bonds: [], backend: undefined, tags: [], skipTags: [],
    };
    const connect = makeConnector({}, (e) => events.push(e));
    const r = await runHost(scope, { ...DEFAULT_RUN_OPTIONS, runId: 't', check: true, listener: (e) => events.push(e) }, connect);
    assert.equal(r.status, 'changed', r.message);
    const args = events.filter((e) => e.kind === 'task-args');
    assert.deepEqual(args.map((e) => e.kind === 'task-args' && e.args), [{ dest: '/nonexistent-tsprov-unit/app.conf', template: 'pw={{ db_password }}\n' }, { cmd: ['echo', '********'] }]);
    const results = events.flatMap((e) => (e.kind === 'task-result' ? [e.task] : []));
    assert.deepEqual(results.map((t) => [t.task, t.status]), [['template #1', 'changed'], ['command #2', 'skipped']]);
    assert.equal(results[0]!.changes[0]!.detail, 'create: absent → 16 bytes, mode 0644, content hidden: sensitive');
    assert.ok(events.some((e) => e.kind === 'remote-exec'), 'the probe exec was traced');
    assert.ok(!JSON.stringify(events).includes('Db-Pa55-unit'));
  });

  it('a probe that never ran (FAKE connection: sudo refused the password) fails the host, nothing planned', async () => {
    // A FAKE, named as such: it answers every exec the way sudo does after a wrong password.
    const fake: Connection = {
      description: 'FAKE wrong-sudo connection', execCount: 1, async close() {},
      async exec() { return { exitCode: 1, stdout: '', stderr: 'sudo: 1 incorrect password attempt\n', durationMs: 1 }; },
    };
    const scope = { play: play([task('template', { dest: '/etc/x', template: 'x\n' })]), host: host(), bonds: [], backend: undefined, tags: [], skipTags: [] };
    const r = await runHost(scope, { ...DEFAULT_RUN_OPTIONS, runId: 't', check: true }, async () => fake);
    assert.equal(r.status, 'failed');
    assert.equal(r.message, 'no facts: fact probe exited 1: sudo: 1 incorrect password attempt');
    assert.deepEqual(r.tasks, []);
  });
});
