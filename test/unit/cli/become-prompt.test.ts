/**
 * -K/--ask-become-pass: one prompt with echo off on a terminal; without one, the first line of
 * stdin (Python getpass's fallback, which ansible-core uses); the password reaches hosts whose
 * inventory sets none, masked wherever it is printed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { PassThrough } from 'node:stream';
import { TsprovError } from '../../../src/core/errors.ts';
import { askBecomePassword, BECOME_PROMPT } from '../../../src/cli/become-prompt.ts';
import { promptedDefaults } from '../../../src/cli/connection-flags.ts';
import { loadInventory, resolveHosts } from '../../../src/inventory/index.ts';
import { SecretText } from '../../../src/core/secrets.ts';
import { runHost } from '../../../src/engine/host-run.ts';
import { DEFAULT_RUN_OPTIONS } from '../../../src/engine/types.ts';
import { TransportError } from '../../../src/transport/types.ts';
import { host, play } from '../engine/fixtures.ts';

function io(tty = false): { stdin: PassThrough & { isTTY?: boolean; setRawMode?: (r: boolean) => unknown }; stderr: { write(s: string): boolean }; written: string[]; raw: boolean[] } {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (r: boolean) => unknown };
  const written: string[] = [];
  const raw: boolean[] = [];
  if (tty) {
    stdin.isTTY = true;
    stdin.setRawMode = (r: boolean) => raw.push(r);
  }
  return { stdin, stderr: { write: (s: string) => written.push(s) > 0 }, written, raw };
}

describe('-K without a terminal: the first line of stdin', () => {
  it('reads one line (CRLF too), warns once, prints no prompt', async () => {
    const t = io();
    const warnings: string[] = [];
    const p = askBecomePassword(t, (w) => warnings.push(w));
    t.stdin.end('S3cret pw\r\nsecond line\n');
    const pw = await p;
    assert.equal(pw.reveal(), 'S3cret pw');
    assert.equal(String(pw), '********');
    assert.deepEqual(warnings, ['-K: stdin is not a terminal: reading the BECOME password from its first line']);
    assert.deepEqual(t.written, []);
  });

  it('a last line without a newline counts; an empty stdin is refused clearly', async () => {
    const t = io();
    const p = askBecomePassword(t, () => {});
    t.stdin.end('no-newline');
    assert.equal((await p).reveal(), 'no-newline');
    const e = io();
    const q = askBecomePassword(e, () => {});
    e.stdin.end();
    await assert.rejects(q, (err: unknown) => err instanceof TsprovError && err.exitCode === 1 && /stdin is not a terminal and is empty/.test(err.message));
  });

  it('the CLI, stdin piped: run -K reads it before loading anything; --list-hosts never asks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsprov-askbp-'));
    try {
      writeFileSync(join(dir, 'inv.yml'), 'all:\n  hosts:\n    h1: {ansible_port: 0}\n');
      writeFileSync(join(dir, 'site.yml'), '- hosts: all\n  tasks: []\n');
      const run = (input: string, ...extra: string[]) => spawnSync(process.execPath, ['bin/tsprov.js', 'run', join(dir, 'site.yml'), '-i', join(dir, 'inv.yml'), '-K', ...extra], { input, encoding: 'utf8', timeout: 30_000 });
      const empty = run('');
      assert.equal(empty.status, 1);
      assert.match(empty.stderr, /error: -K: stdin is not a terminal and is empty/);
      const given = run('Pip3d-pw\n');
      assert.equal(given.status, 1, 'the inventory error comes next, after the password was read');
      assert.match(given.stderr, /^warning: -K: stdin is not a terminal: reading the BECOME password from its first line$/m);
      assert.match(given.stderr, /ansible_port {2}must be >= 1/);
      assert.doesNotMatch(given.stderr + given.stdout, /Pip3d-pw/);
      const listing = run('', '--list-hosts');
      assert.equal(listing.status, 1, listing.stderr);
      assert.doesNotMatch(listing.stderr, /-K/, 'listing asks for no password');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('-K on a terminal: one prompt, no echo', () => {
  it('prompts on stderr in raw mode, edits with backspace, ends at Enter, restores the terminal', async () => {
    const t = io(true);
    const p = askBecomePassword(t, () => assert.fail('no warning on a terminal'));
    t.stdin.write('ab');
    t.stdin.write('\u007fc\r');
    const pw = await p;
    assert.equal(pw.reveal(), 'ac');
    assert.deepEqual(t.written, [BECOME_PROMPT, '\n'], 'the prompt, and a newline for the Enter not echoed; never the typed text');
    assert.equal(BECOME_PROMPT, 'BECOME password: ');
    assert.deepEqual(t.raw, [true, false]);
  });

  it('Ctrl-C at the prompt stops, the terminal restored', async () => {
    const t = io(true);
    const p = askBecomePassword(t, () => {});
    t.stdin.write('x\u0003');
    await assert.rejects(p, /interrupted at the BECOME password prompt/);
    assert.deepEqual(t.raw, [true, false]);
  });
});

describe('-K password, as in Ansible: for hosts whose inventory sets none', () => {
  it('an inventory become password or become_password_env beats it; it never prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsprov-askbp-'));
    try {
      writeFileSync(join(dir, 'inv.yml'), 'all:\n  vars: {ansible_become: true}\n  hosts:\n    plain: {}\n    own: {ansible_become_password: Inv-pw-1}\n    env: {become_password_env: SUDO_PW}\n');
      const t = io();
      const p = promptedDefaults({ askBecomePass: true }, () => {}, t);
      t.stdin.end('Cli-pw-2\n');
      const defaults = await p;
      const hosts = Object.fromEntries(resolveHosts(loadInventory([join(dir, 'inv.yml')]), undefined, defaults).map((h) => [h.name, h.connection]));
      assert.equal(hosts.plain!.becomePassword?.reveal(), 'Cli-pw-2');
      assert.equal(hosts.own!.becomePassword?.reveal(), 'Inv-pw-1');
      assert.equal(hosts.env!.becomePassword, undefined);
      assert.equal(hosts.env!.becomePasswordEnv, 'SUDO_PW');
      assert.doesNotMatch(JSON.stringify(hosts) + inspect(hosts, { depth: 5 }), /Cli-pw-2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('a host error quoting the -K password reaches the result masked, like ansible_become_password', async () => {
  const h = host({});
  h.connection = { ...h.connection, become: true, becomePassword: new SecretText('Cli-pw-quoted') };
  const scope = { play: play([]), host: h, bonds: [], backend: undefined, tags: [], skipTags: [] };
  const r = await runHost(scope, { ...DEFAULT_RUN_OPTIONS, runId: 't' }, async () => {
    throw new TransportError('auth', 'sudo said: Cli-pw-quoted is wrong');
  });
  assert.equal(r.message, 'sudo said: ******** is wrong');
});
