import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { shq } from '../../src/core/quote.ts';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { tsprov, writeInventory } from './support/fleet.ts';

/**
 * Substituted values never reach `sh` unquoted, on a real host over real sshd: `command` runs an
 * argv, and `shell` with `| quote` keeps a value one word. The host's /tmp is its own.
 */
const PLAYBOOK = `- hosts: all
  tasks:
    - name: argv
      command: "touch {{ f }}"
    - name: argv, list form
      command: [touch, "{{ g }}"]
    - name: shell, quoted value
      shell: "touch {{ h | quote }} && echo ran > /tmp/shell-ran"
`;

describe('command and shell quoting on a real sshd test host', { skip: skipUnlessCi() }, () => {
  let h: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    h = await startTestHost();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-cmdq-'));
  });
  after(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a value with ;, $(…) and backticks lands as one literal file name; nothing it asks for runs', async () => {
    const vars = { f: '/tmp/x; touch /tmp/pwned', g: '/tmp/y `touch /tmp/pwned2`', h: '/tmp/z $(touch /tmp/pwned3); touch /tmp/pwned4' };
    const inv = writeInventory(dir, { q: { host: h, vars } });
    const book = join(dir, 'play.yml');
    writeFileSync(book, PLAYBOOK);
    // Each value names a file inside a directory whose name holds the payload's first half: make
    // those, so `touch` can create the literal name rather than fail (which would be safe too).
    for (const p of [vars.f, vars.g, vars.h]) await h.execInHost(`mkdir -p -- ${shq(dirname(p))}`);
    const r = await tsprov(['run', book, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    const exists = async (p: string): Promise<boolean> => (await h.execInHost(`test -e ${shq(p)}`)).exitCode === 0;
    for (const p of [vars.f, vars.g, vars.h]) assert.ok(await exists(p), `${JSON.stringify(p)} exists, named literally`);
    assert.ok(await exists('/tmp/shell-ran'), 'the shell string itself ran (&& and > work)');
    for (const p of ['/tmp/pwned', '/tmp/pwned2', '/tmp/pwned3', '/tmp/pwned4']) assert.equal(await exists(p), false, `${p} must not exist`);
  });
});
