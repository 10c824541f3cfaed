/** A bug (an error that is not tsprov's own) ends the command with one escaped line and exit 5. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { action, type CliContext } from '../../../src/cli/context.ts';
import { ExitCode } from '../../../src/core/exit-codes.ts';
import { TsprovError } from '../../../src/core/errors.ts';

function ctx(): CliContext & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (s) => lines.push(`out:${s}`), err: (s) => lines.push(`err:${s}`), exitCode: ExitCode.ok };
}

test('an unexpected error: one escaped line, a hint, no stack, exit 5', async () => {
  const saved = process.env.TSPROV_DEBUG;
  delete process.env.TSPROV_DEBUG;
  try {
    const c = ctx();
    await action(c, () => {
      throw new TypeError('cannot read x of undefined\n== web2: ok \u001b[2J');
    })();
    assert.equal(c.exitCode, ExitCode.internal);
    assert.equal(c.exitCode, 5);
    assert.equal(c.lines[0], 'err:error: internal error: TypeError: cannot read x of undefined\\n== web2: ok \\u001b[2J');
    assert.match(c.lines[1]!, /bug in tsprov; run again with TSPROV_DEBUG=1/);
    assert.equal(c.lines.length, 2);
    assert.ok(!c.lines.some((l) => l.includes('    at ')), 'no stack frames');
  } finally {
    if (saved !== undefined) process.env.TSPROV_DEBUG = saved;
  }
});

test('TSPROV_DEBUG=1 adds the stack, one escaped line per frame', async () => {
  process.env.TSPROV_DEBUG = '1';
  try {
    const c = ctx();
    await action(c, () => Promise.reject(new RangeError('deep')))();
    assert.equal(c.exitCode, 5);
    assert.ok(c.lines.some((l) => l.startsWith('err:    at ')), c.lines.join('\n'));
  } finally {
    delete process.env.TSPROV_DEBUG;
  }
});

test("tsprov's own errors keep their exit code and message", async () => {
  const c = ctx();
  await action(c, () => {
    throw new TsprovError('E_USAGE', 'no inventory given; pass -i FILE', ExitCode.usage);
  })();
  assert.equal(c.exitCode, ExitCode.usage);
  assert.deepEqual(c.lines, ['err:error: no inventory given; pass -i FILE']);
});
