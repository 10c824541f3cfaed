import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { startTestHost, type TestHost } from '../harness/test-host.ts';

/** The CLI with `input` on a piped stdin (not a terminal): -K reads its first line. */
function tsprovWithStdin(args: string[], input: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/tsprov.js', ...args], { env: { ...process.env, SSH_AUTH_SOCK: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
    p.stdin.end(input);
  });
}

// -K against a real sshd test host whose test user needs its sudo password for sudo: the
// password read from stdin is the one sudo gets (facts run under sudo), a wrong one fails the
// host, and neither appears in any output.
describe('-K/--ask-become-pass with stdin piped, against real sshd and sudo with a password', { skip: skipUnlessCi() }, () => {
  let h: TestHost;
  let dir: string;
  let inv: string;
  before(async () => {
    assertHarnessAvailable();
    h = await startTestHost({ sudo: 'password' });
    dir = mkdtempSync(join(tmpdir(), 'tsprov-askbp-'));
    inv = join(dir, 'inv.yml');
    writeFileSync(inv, stringify({ all: { hosts: { h1: { address: h.address, port: h.port, user: h.testUser, identity_file: h.clientKeyPath, known_hosts_file: h.knownHostsPath, become: true } } } }));
  });
  after(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the right password: facts gathered through sudo; the wrong one: the host fails; neither is printed', async () => {
    const ok = await tsprovWithStdin(['facts', '-i', inv, '-K', '--json', '-vvv'], `${h.sudoPassword}\n`);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.equal(JSON.parse(ok.out).hosts.h1.status, 'ok');
    assert.match(ok.err, /reading the BECOME password from its first line/);
    assert.match(ok.err, /EXEC \(become\) sudo -S -p /, 'the probe ran through sudo with a password');
    assert.ok(!(ok.out + ok.err).includes(h.sudoPassword), 'the password is never shown');

    const wrong = 'Wr0ng-K-pw-x';
    const bad = await tsprovWithStdin(['facts', '-i', inv, '-K', '-vvv'], `${wrong}\n`);
    assert.equal(bad.code, 3, bad.out + bad.err);
    assert.match(bad.out, /== h1: failed/);
    assert.match(bad.out, /incorrect password attempt/);
    assert.ok(!(bad.out + bad.err).includes(wrong));
  });
});
