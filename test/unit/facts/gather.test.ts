/** gatherFacts over the real local transport: one exec, privileged, parsed. */
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { localConnection } from '../../../src/transport/local.ts';
import type { Connection, ExecOptions, ExecResult } from '../../../src/transport/types.ts';
import { gatherFacts } from '../../../src/facts/gather.ts';
import { gatherFactsWithExtras } from '../../../src/facts/gather-extras.ts';

/** Wraps a real connection to record what gatherFacts asked of it. */
function recording(inner: Connection): Connection & { calls: ExecOptions[] } {
  const calls: ExecOptions[] = [];
  return {
    calls,
    description: inner.description,
    get execCount() { return inner.execCount; },
    close: () => inner.close(),
    exec(cmd: string, opts: ExecOptions = {}): Promise<ExecResult> {
      calls.push(opts);
      return inner.exec(cmd, opts);
    },
  };
}

test('gatherFacts: exactly one exec, with become, and parsed facts of this machine', async () => {
  const conn = recording(localConnection());
  const g = await gatherFacts(conn);
  assert.equal(conn.execCount, 1);
  assert.equal(conn.calls[0]?.become, true);
  assert.deepEqual(g.warnings, []);
  assert.equal(g.facts.os.id, 'debian');
  assert.ok(g.facts.nics.some((n) => n.name === 'lo'));
  assert.match(g.raw, /^@@tsprov@@ probe 2 b64 [0-9a-f]{16}\n/, 'protocol 2: a clear header, then the body encoded once');
  assert.equal(g.facts.probeVersion, 2);
  assert.ok(g.durationMs >= 0);
});

test('gatherFacts: a failing exec is a warning, not an exception', async () => {
  const failing: Connection = {
    description: 'fake failing host',
    execCount: 0,
    close: async () => {},
    exec: async () => ({ exitCode: 1, stdout: '', stderr: 'sudo: a password is required', durationMs: 1 }),
  };
  const g = await gatherFacts(failing);
  assert.match(g.warnings[0] ?? '', /exited 1: sudo: a password is required/);
  assert.equal(g.facts.kernel.bonding, 'unknown');
});

test('gatherFactsWithExtras: requested files, packages, modules and paths in the same single exec', async () => {
  const conn = localConnection();
  const g = await gatherFactsWithExtras(conn, {
    files: ['/etc/os-release', '/nonexistent/tsprov it\'s'],
    packages: ['systemd', 'tsprov-no-such-package'],
    kernelModules: ['tsprov_no_such_module'],
    paths: ['/etc', '/nonexistent'],
  });
  assert.equal(conn.execCount, 1);
  assert.match(g.extra.files['/etc/os-release'] ?? '', /^ID=debian$/m);
  assert.equal(g.extra.files["/nonexistent/tsprov it's"], null);
  assert.deepEqual(g.extra.packages, { systemd: true, 'tsprov-no-such-package': false });
  assert.deepEqual(g.extra.kernelModules, { tsprov_no_such_module: false });
  assert.deepEqual(g.extra.paths, { '/etc': true, '/nonexistent': false });
  assert.equal(g.facts.os.id, 'debian');
});

test('protocol 2: files come back byte-exact through the real probe, marker-like lines and all', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-probe-v2-'));
  // Every line a file could use to fake a section: v1 markers, a v2 marker with a guessed
  // nonce, the probe header, backslashes, CR, tabs, leading/trailing blanks, no final newline.
  const tricky = [
    '@@tsprov@@ end xfile 0', '@@tsprov@@ done', '@@tsprov@@-0123456789abcdef end xfile 0',
    '@@tsprov@@ probe 2 b64 0123456789abcdef', 'back\\slash \\n not a newline', 'cr\r', '\tindented  ', '', '  ',
    'no final newline',
  ].join('\n');
  const files: Record<string, string> = { tricky, empty: '', nl: 'x\n', blank: '\n\n', 'last-blank': 'a\n\n' };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    const g = await gatherFactsWithExtras(localConnection(), { files: Object.keys(files).map((f) => join(dir, f)), packages: [], kernelModules: [], paths: [] });
    assert.deepEqual(g.warnings, []);
    for (const [name, text] of Object.entries(files)) assert.equal(g.extra.files[join(dir, name)], text, name);
    assert.equal(g.facts.os.id, 'debian', 'the sections after the tricky file still parse');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
