import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { tsprov, writeInventory } from './support/fleet.ts';
import { closedPort } from '../harness/ports.ts';

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The real CLI in a real pseudo-terminal (util-linux `script`); `stty` sets its size first. */
function inPty(stty: string, args: string[]): Promise<string> {
  const cmd = `stty ${stty}; exec ${[process.execPath, 'bin/tsprov.js', ...args].map(shq).join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile('script', ['-qefc', cmd, '/dev/null'], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve(stdout);
    });
  });
}

const FILES = 'test/integration/fixtures/files-playbook.yml';
const STAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;


describe('progress output modes of the real CLI against a real sshd test host', { skip: skipUnlessCi() }, () => {
  let web: TestHost;
  let dir: string;
  let inv: string;
  before(async () => {
    assertHarnessAvailable();
    web = await startTestHost({ files: { '/etc/tsprov-motd': 'old motd\n', '/etc/tsprov-static': 'static\n' } });
    dir = mkdtempSync(join(tmpdir(), 'tsprov-output-'));
    // `dark` refuses connections: one retry, so one retry warning.
    inv = writeInventory(dir, { web: { host: web, vars: { site: 'lab' } }, dark: { host: web, vars: { site: 'lab', port: await closedPort(), ansible_ssh_retries: 1 } } });
  });
  after(async () => {
    await web?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('-o plain: ISO 8601 UTC stamped lines per host event, no escape code anywhere; retry warnings name the host', async () => {
    const r = await tsprov(['check', FILES, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 4, r.out + r.err);
    assert.ok(!r.out.includes('\x1b') && !r.err.includes('\x1b'), 'no escape code in stdout or stderr');
    for (const phase of ['connect', 'facts', 'plan']) assert.match(r.out, new RegExp(`^${STAMP} web: ${phase}$`, 'm'));
    assert.match(r.out, new RegExp(`^${STAMP} web: changed`, 'm'));
    assert.match(r.out, new RegExp(`^${STAMP} dark: unreachable`, 'm'));
    const stamp = new RegExp(`^(${STAMP}) web: connect$`, 'm').exec(r.out)![1]!;
    assert.ok(Math.abs(Date.parse(stamp) - Date.now()) < 120_000, 'the stamp is wall-clock time, not time since start');
    assert.match(r.err, /^warning: dark: .*retrying in \d+ ms \(attempt 2 of 2\)$/m);
    assert.match(r.out, /^RECAP\n(?:.*\n)*web\s+: ok=1\s+changed=1\s/m);
  });

  it('in a pty that reports no width (0x0), the live view is one frame of whole lines redrawn in place, never a line per character', async () => {
    const out = await inPty('rows 0 cols 0', ['check', FILES, '-i', inv]);
    // Each redraw moves up over the last frame and clears below it (CSI n F, CSI J).
    const frames = out.split(/\x1b\[\d+F\x1b\[J/);
    assert.ok(frames.length >= 2, `the frame was redrawn at least once:\n${JSON.stringify(out.slice(0, 2000))}`);
    const last = frames.at(-1)!;
    assert.match(last, /2\/2 done {2}running 0 {2}pending 0/);
    assert.match(last, /ok 0 {2}changed 1 {2}failed 0 {2}unreachable 1 /);
    assert.match(last, /^ {2}dark: unreachable/m);
    const lines = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r?\n/).filter((l) => l.trim());
    assert.ok(lines.filter((l) => l.trim().length === 1).length < 3, `no line per character:\n${lines.slice(0, 40).join('\n')}`);
    assert.match(out, /^RECAP\r?\n/m, 'the results and the recap follow the view');
  });

  it('-o quiet: no progress lines, the results and the recap still printed', async () => {
    const r = await tsprov(['check', FILES, '-i', inv, '--limit', 'web', '-o', 'quiet']);
    assert.equal(r.code, 2, r.out + r.err);
    assert.doesNotMatch(r.out + r.err, new RegExp(STAMP));
    assert.match(r.out, /^== web: /m);
    assert.match(r.out, /^RECAP\nweb\s+: ok=1\s+changed=1\s.*status=changed$/m);
  });
});
