import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { tsprov, writeInventory } from './support/fleet.ts';

const FILES = 'test/integration/fixtures/files-playbook.yml';
const SLOW = 'test/integration/fixtures/slow-playbook.yml';
const sh = async (h: TestHost, cmd: string): Promise<string> => (await h.execInHost(cmd)).stdout;
const runIdOf = (out: string): string => /run (\d{8}T\d{6}Z-[0-9a-f]{6})/.exec(out)![1]!;

describe('apply on real sshd test hosts: idempotence, backups, handlers, lock, rollback', { skip: skipUnlessCi() }, () => {
  let files: TestHost, locky: TestHost, int1: TestHost, int2: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    [files, locky, int1, int2] = await Promise.all([
      startTestHost({ files: { '/etc/tsprov-motd': 'old motd\n', '/etc/tsprov-static': 'static\n' } }),
      startTestHost(),
      startTestHost(),
      startTestHost(),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'tsprov-apply-'));
  });
  after(async () => {
    await Promise.all([files?.stop(), locky?.stop(), int1?.stop(), int2?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applies only what differs, runs only notified handlers, and a second run changes nothing', async () => {
    const inv = writeInventory(dir, { files: { host: files, vars: { site: 'lab' } } });
    const first = await tsprov(['run', FILES, '-i', inv]);
    assert.equal(first.code, 0, first.out + first.err);
    assert.match(first.out, /files\s+: ok=1\s+changed=1\s.*status=changed/);
    assert.equal(await sh(files, 'cat /etc/tsprov-motd'), 'Welcome to lab\n');
    assert.equal((await sh(files, 'stat -c %a /etc/tsprov-motd')).trim(), '640');
    assert.equal(await sh(files, 'cat /var/tmp/handler.log'), 'ran\n', 'the notified handler ran once');
    assert.equal(await sh(files, 'cat /var/tmp/never.log 2>/dev/null || echo absent'), 'absent\n', 'a handler whose task did not change never runs');

    const runId = runIdOf(first.out);
    const backup = `/var/backups/tsprov/${runId}`;
    assert.equal((await sh(files, `stat -c %a ${backup}`)).trim(), '700');
    assert.match(await sh(files, `grep -rl 'old motd' ${backup}`), /tsprov-motd/, 'the old content is backed up');

    const second = await tsprov(['run', FILES, '-i', inv]);
    assert.equal(second.code, 0);
    assert.match(second.out, /files\s+: ok=2\s+changed=0\s.*status=ok/);
    assert.equal(await sh(files, 'cat /var/tmp/handler.log'), 'ran\n', 'no handler on the second run');

    const rb = await tsprov(['rollback', '-i', inv, '--limit', 'files', '--run', runId]);
    assert.equal(rb.code, 0, rb.out + rb.err);
    assert.equal(await sh(files, 'cat /etc/tsprov-motd'), 'old motd\n', 'rollback restored the backup');
    const unknown = await tsprov(['rollback', '-i', inv, '--limit', 'files', '--run', '20990101T000000Z-abcdef']);
    assert.equal(unknown.code, 3);
    assert.match(unknown.out, /no run 20990101T000000Z-abcdef/);
  });

  it('a second run on a locked host fails clearly, naming the run that holds the lock', async () => {
    const invA = writeInventory(mkdtempSync(join(dir, 'a-')), { locky: { host: locky, vars: { payload: 'A\n' } } });
    const invB = writeInventory(mkdtempSync(join(dir, 'b-')), { locky: { host: locky, vars: { payload: 'B\n' } } });
    const a = tsprov(['run', SLOW, '-i', invA, '--run-id', 'holder-run']);
    await new Promise((r) => setTimeout(r, 2500));
    const b = await tsprov(['run', SLOW, '-i', invB]);
    const ra = await a;
    assert.equal(ra.code, 0, ra.out);
    assert.equal(b.code, 3, b.out);
    assert.match(b.out, /locked by tsprov run holder-run/);
    assert.equal(await sh(locky, 'cat /etc/tsprov-payload'), 'A\n', 'the refused run changed nothing');
  });

  it('Ctrl-C: the running host finishes, no new host starts, the run exits 3', async () => {
    const inv = writeInventory(mkdtempSync(join(dir, 'int-')), { int1: { host: int1, vars: { payload: 'one\n' } }, int2: { host: int2, vars: { payload: 'two\n' } } });
    const child = spawn(process.execPath, ['bin/tsprov.js', 'run', SLOW, '-i', inv, '--forks', '1', '-o', 'plain'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // Interrupt once the first host is applying (its handler sleeps 4 s).
    for (let i = 0; i < 100 && !/int1: apply/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(code, 3, out);
    assert.match(out, /interrupted: no new hosts will start/);
    assert.match(out, /int1\s+: ok=.*status=changed/);
    assert.match(out, /int2\s+: ok=.*status=skipped/);
    assert.equal(await sh(int1, 'cat /etc/tsprov-payload'), 'one\n', 'the started host finished its apply');
    assert.equal(await sh(int2, 'cat /etc/tsprov-payload 2>/dev/null || echo untouched'), 'untouched\n');
  });
});
