/**
 * The generated apply scripts run for real, as root, in private mount namespaces (see
 * apply/ns-sandbox.ts): byte-exact writes, backups and restore, kill -9 atomicity, the host lock,
 * failure handling and the commit-confirmed timer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileChange } from '../../src/core/change.ts';
import {
  buildApplyScript, buildConfirmScript, buildListRunsScript, buildRestoreScript, buildStatusScript,
  parseApplyOutput, summarizeApply, type ApplyInput,
} from '../../src/engine/apply/index.ts';
import { killSleeper, makeSandbox, runScript, sandboxUnavailable, startScript, type Sandbox } from './apply/ns-sandbox.ts';

const why = sandboxUnavailable();
if (why) console.error(`\n*** apply-script integration tests SKIPPED: ${why} ***\n`);
const it = (name: string, fn: () => Promise<void>): void => {
  if (!why) test(name, fn);
  else if (process.env.CI === 'true') test(name, () => assert.fail(`cannot run in CI: ${why}`));
  else test(name, { skip: why }, () => {});
};

const file = (target: string, after: string | null, extra: Partial<FileChange> = {}): FileChange =>
  ({ kind: 'file', target, before: null, after, reason: 'test', ...extra });
const apply = (sb: Sandbox, input: ApplyInput) => runScript(sb, buildApplyScript(input));
const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');
const events = (stdout: string, name: string) => parseApplyOutput(stdout).filter((e) => e.event === name);
function seed(sb: Sandbox, p: string, content: string, m = 0o644): void {
  mkdirSync(sb.host(p).replace(/\/[^/]*$/, ''), { recursive: true });
  writeFileSync(sb.host(p), content, { mode: m });
}

const HOSTILE: Array<[string, string, string | undefined]> = [
  ['/srv/etc/network/interfaces', 'auto bond0\niface bond0 inet manual\n', undefined],
  ["/srv/etc/network/it's $(touch /srv/pwned) `touch /srv/pwned2`", "a'b $(touch /srv/pwned)\nEOF\n'EOF'\nTSPROV_B64_END\n", '0640'],
  // A newline or escape in a path is refused before any script is built (config/host-values.ts);
  // a segment that looks like an option, or a glob, is a legal name and must be written as one.
  ['/srv/etc/network/-rf *', '', '0600'],
  ['/srv/etc/network/TSPROV_B64_END', 'no trailing newline', undefined],
  ["/srv/etc/x'y/$(id)/ deep", '\u0000\u0001\u007f\u00ff\r\n\t\\ \u{1F600}"$HOME"', '0755'],
];

it('writes hostile paths and contents byte-exact, backs up 0600/0700, restore.sh puts everything back', async () => {
  const sb = makeSandbox();
  try {
    seed(sb, '/srv/etc/network/interfaces', 'old\n', 0o640);
    seed(sb, '/srv/etc/remove-me', 'keep me\n', 0o604);
    const changes = [...HOSTILE.map(([t, c, m]) => file(t, c, m ? { mode: m } : {})), file('/srv/etc/remove-me', null)];
    const r = await apply(sb, { runId: 'hostile-1', changes, handlers: [] });
    assert.equal(r.code, 0, r.stderr);
    for (const [t, c, m] of HOSTILE) {
      assert.deepEqual(readFileSync(sb.host(t)), Buffer.from(c, 'utf8'), t);
      assert.equal(mode(sb.host(t)), m ?? (t.endsWith('interfaces') ? '0640' : '0644'), t);
    }
    assert.ok(!existsSync(sb.host('/srv/etc/remove-me')));
    assert.ok(!existsSync(sb.host('/srv/pwned')) && !existsSync(sb.host('/srv/pwned2')), 'nothing expanded');
    assert.deepEqual(events(r.stdout, 'wrote').map((e) => e.fields[0]), HOSTILE.map(([t]) => t));
    assert.deepEqual(events(r.stdout, 'removed').map((e) => e.fields[0]), ['/srv/etc/remove-me']);
    assert.equal(summarizeApply(parseApplyOutput(r.stdout)).done, true);

    const b = `${sb.backups}/hostile-1`;
    for (const d of [sb.backups, b, `${b}/files`, `${b}/files/srv/etc/network`]) assert.equal(mode(d), '0700', d);
    for (const f of ['manifest', 'restore.sh', 'files/srv/etc/network/interfaces', 'files/srv/etc/remove-me']) {
      assert.equal(mode(`${b}/${f}`), '0600', f);
      assert.equal(statSync(`${b}/${f}`).uid, 0);
    }
    assert.equal(readFileSync(`${b}/files/srv/etc/remove-me`, 'utf8'), 'keep me\n');
    assert.match(readFileSync(`${b}/manifest`, 'utf8'), /^present \/srv\/etc\/network\/interfaces\nabsent /);
    assert.deepEqual(readdirSync(sb.host('/srv/etc/network')).filter((n) => n.startsWith('.tsprov')), []);

    const rs = await runScript(sb, buildRestoreScript('hostile-1', []));
    assert.equal(rs.code, 0, rs.stderr);
    assert.equal(readFileSync(sb.host('/srv/etc/network/interfaces'), 'utf8'), 'old\n');
    assert.equal(mode(sb.host('/srv/etc/network/interfaces')), '0640');
    assert.equal(readFileSync(sb.host('/srv/etc/remove-me'), 'utf8'), 'keep me\n');
    assert.equal(mode(sb.host('/srv/etc/remove-me')), '0604');
    for (const [t] of HOSTILE.slice(1)) assert.ok(!existsSync(sb.host(t)), `created file removed: ${t}`);

    const st = await runScript(sb, buildStatusScript('hostile-1'));
    assert.deepEqual(events(st.stdout, 'status')[0]?.fields.slice(0, 2), ['hostile-1', 'rolled-back']);
    const ls = await runScript(sb, buildListRunsScript());
    assert.deepEqual(events(ls.stdout, 'run').map((e) => [e.fields[0], e.fields[2]]), [['hostile-1', 'rolled-back']]);
  } finally {
    sb.cleanup();
  }
});

it('zero changes and no handler: no lock, no backup', async () => {
  const sb = makeSandbox();
  try {
    const r = await apply(sb, { runId: 'noop', changes: [], handlers: [] });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parseApplyOutput(r.stdout).map((e) => e.event), ['start', 'nothing-to-do', 'done']);
    assert.ok(!existsSync(sb.backups));
    assert.deepEqual(readdirSync(sb.lock), []);
  } finally {
    sb.cleanup();
  }
});

it('no file change but a notified handler (a live bond that drifted from its files): the handler runs under the lock', async () => {
  const sb = makeSandbox();
  try {
    const r = await apply(sb, { runId: 'handler-only', changes: [], handlers: [{ name: 'h', commands: ['touch /srv/handler-ran'] }] });
    assert.equal(r.code, 0, r.stderr);
    const ev = parseApplyOutput(r.stdout).map((e) => e.event);
    assert.ok(ev.includes('handler-ok') && ev.at(-1) === 'done', ev.join(' '));
    assert.ok(existsSync(sb.host('/srv/handler-ran')));
    assert.deepEqual(readdirSync(sb.lock), [], 'lock released');
  } finally {
    sb.cleanup();
  }
});

it('a failing handler restores the files, exits 13 and releases the lock', async () => {
  const sb = makeSandbox();
  try {
    seed(sb, '/srv/etc/network/interfaces', 'old\n');
    const r = await apply(sb, {
      runId: 'bad-handler',
      changes: [file('/srv/etc/network/interfaces', 'new\n'), file('/srv/etc/network/extra', 'x\n')],
      handlers: [{ name: 'first', commands: ['touch /srv/h1'] }, { name: 'net reload', commands: ['true', 'exit 7', 'touch /srv/h3'] }],
    });
    assert.equal(r.code, 13, r.stderr);
    const s = summarizeApply(parseApplyOutput(r.stdout));
    assert.deepEqual(s.handlersOk, ['first']);
    assert.deepEqual(s.handlersFailed, [{ name: 'net reload', rc: 7 }]);
    assert.deepEqual(s.failed, { phase: 'handler', step: 'handler:net reload', rc: 7 });
    assert.equal(s.restored, true);
    assert.equal(s.done, false);
    assert.equal(readFileSync(sb.host('/srv/etc/network/interfaces'), 'utf8'), 'old\n');
    assert.ok(!existsSync(sb.host('/srv/etc/network/extra')));
    assert.ok(existsSync(sb.host('/srv/h1')) && !existsSync(sb.host('/srv/h3')));
    assert.deepEqual(readdirSync(sb.lock), [], 'lock released');
  } finally {
    sb.cleanup();
  }
});

it('a failing command change exits 12 restored; a reused run id exits 16 touching nothing', async () => {
  const sb = makeSandbox();
  try {
    seed(sb, '/srv/a', 'old\n');
    const changes = [file('/srv/a', 'new\n'), { kind: 'command', target: 'false', before: null, after: null, reason: 't' } as const, file('/srv/b', 'b\n')];
    const r = await apply(sb, { runId: 'cmd', changes: [...changes], handlers: [] });
    assert.equal(r.code, 12, r.stderr);
    assert.deepEqual(summarizeApply(parseApplyOutput(r.stdout)).failed, { phase: 'change', step: 'command:1', rc: 1 });
    assert.equal(readFileSync(sb.host('/srv/a'), 'utf8'), 'old\n');
    assert.ok(!existsSync(sb.host('/srv/b')));
    const again = await apply(sb, { runId: 'cmd', changes: [file('/srv/a', 'other\n')], handlers: [] });
    assert.equal(again.code, 16);
    assert.match(again.stderr, /already exists/);
    assert.equal(readFileSync(sb.host('/srv/a'), 'utf8'), 'old\n');
  } finally {
    sb.cleanup();
  }
});

it('the host lock: a second run fails naming the holder; a dead holder is taken over', async () => {
  const sb = makeSandbox();
  try {
    const slow = { kind: 'command', target: 'sleep 1.5', before: null, after: null, reason: 't' } as const;
    const first = startScript(sb, buildApplyScript({ runId: 'holder-run', changes: [file('/srv/one', '1\n'), slow], handlers: [] }));
    for (let i = 0; i < 100 && !existsSync(`${sb.lock}/tsprov.lock/pid`); i++) await sleep(20);
    const second = await apply(sb, { runId: 'second-run', changes: [file('/srv/two', '2\n')], handlers: [] });
    assert.equal(second.code, 10);
    assert.equal(events(second.stdout, 'lock-busy')[0]?.fields[0], 'holder-run');
    assert.match(second.stderr, /locked by run holder-run/);
    assert.ok(!existsSync(sb.host('/srv/two')) && !existsSync(`${sb.backups}/second-run`));
    assert.equal((await first.result).code, 0);

    const dead = spawnSync('true').pid;
    mkdirSync(`${sb.lock}/tsprov.lock`);
    writeFileSync(`${sb.lock}/tsprov.lock/run`, 'ghost-run\n');
    writeFileSync(`${sb.lock}/tsprov.lock/pid`, `${dead}\n`);
    const third = await apply(sb, { runId: 'third-run', changes: [file('/srv/three', '3\n')], handlers: [] });
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(events(third.stdout, 'lock-stale')[0]?.fields, ['ghost-run', String(dead)]);
    assert.deepEqual(readdirSync(sb.lock), []);
  } finally {
    sb.cleanup();
  }
});

it('kill -9 at random points never leaves a torn or missing target', async () => {
  const sb = makeSandbox();
  try {
    const oldText = 'old line of the old file\n'.repeat(80_000);
    const newText = 'NEW line, different length\n'.repeat(90_000);
    const targets = ['/srv/etc/big1', '/srv/etc/big2'];
    const input = (id: string): ApplyInput => ({ runId: id, changes: targets.map((t) => file(t, newText)), handlers: [] });
    const reset = (): void => targets.forEach((t) => seed(sb, t, oldText));
    reset();
    const t0 = Date.now();
    assert.equal((await apply(sb, input('calibrate'))).code, 0);
    const full = Date.now() - t0;
    const seen = { old: 0, new: 0, killed: 0 };
    for (let i = 0; i < 20; i++) {
      reset();
      const { child, result } = startScript(sb, buildApplyScript(input(`kill-${i}`)));
      await sleep(Math.random() * full * 1.1);
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already finished */ }
      const r = await result;
      if (r.signal === 'SIGKILL') seen.killed++;
      for (const t of targets) {
        const got = readFileSync(sb.host(t), 'utf8');
        assert.ok(got === oldText || got === newText, `iteration ${i}: ${t} torn (${got.length} bytes)`);
        seen[got === oldText ? 'old' : 'new']++;
      }
      const names = readdirSync(sb.host('/srv/etc'));
      assert.deepEqual(names.filter((n) => !n.startsWith('.tsprov-tmp.')).sort(), ['big1', 'big2']);
    }
    console.error(`kill -9 loop: full run ${full} ms, outcomes ${JSON.stringify(seen)}`);
    assert.ok(seen.killed > 0, 'at least one run was killed mid-way');
  } finally {
    sb.cleanup();
  }
});

it('commit-confirmed (sleep timer): unconfirmed runs roll back, confirmed ones stay', async () => {
  const sbs = [makeSandbox(), makeSandbox()];
  const run = async (sb: Sandbox, id: string) => {
    seed(sb, '/srv/etc/network/interfaces', 'old\n');
    const r = await apply(sb, {
      runId: id,
      changes: [file('/srv/etc/network/interfaces', 'new\n'), file('/srv/etc/network/created', 'c\n')],
      handlers: [{ name: 'reload', commands: ['touch /srv/handler-ran'] }],
      confirm: { timeoutSec: 2, rollbackHandlers: ['touch /srv/rollback-handler-ran'], timer: 'sleep' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(summarizeApply(parseApplyOutput(r.stdout)).armed?.how, 'sleep');
    assert.ok(existsSync(sb.host('/srv/handler-ran')));
    return r;
  };
  const [late, ok] = sbs as [Sandbox, Sandbox];
  try {
    await Promise.all([run(late, 'late'), run(ok, 'ok')]);
    const st = await runScript(late, buildStatusScript('late'));
    assert.equal(events(st.stdout, 'status')[0]?.fields[1], 'armed');
    const c = await runScript(ok, buildConfirmScript('ok'));
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(events(c.stdout, 'confirmed')[0]?.fields, ['ok']);

    for (let i = 0; i < 60 && !existsSync(`${late.backups}/late/rolled-back`); i++) await sleep(100);
    assert.match(readFileSync(`${late.backups}/late/rolled-back`, 'utf8'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 0\n$/);
    assert.equal(readFileSync(late.host('/srv/etc/network/interfaces'), 'utf8'), 'old\n');
    assert.ok(!existsSync(late.host('/srv/etc/network/created')));
    assert.ok(existsSync(late.host('/srv/rollback-handler-ran')));
    assert.equal((await runScript(late, buildConfirmScript('late'))).code, 21, 'confirm after rollback is too late');

    await sleep(600); // the confirmed run's timer would have fired by now
    assert.equal(readFileSync(ok.host('/srv/etc/network/interfaces'), 'utf8'), 'new\n');
    assert.ok(!existsSync(`${ok.backups}/ok/rolled-back`) && !existsSync(ok.host('/srv/rollback-handler-ran')));
    assert.equal(events((await runScript(ok, buildStatusScript('ok'))).stdout, 'status')[0]?.fields[1], 'confirmed');
  } finally {
    killSleeper(late, 'late');
    killSleeper(ok, 'ok');
    sbs.forEach((s) => s.cleanup());
  }
});

it('an earlier run still armed and undecided blocks a new apply (exit 17, nothing changed); stale temp files are cleaned', async () => {
  const sb = makeSandbox();
  try {
    seed(sb, '/srv/etc/network/interfaces', 'old\n');
    const first = await apply(sb, { runId: 'armed-1', changes: [file('/srv/etc/network/interfaces', 'new\n')], handlers: [], confirm: { timeoutSec: 300, rollbackHandlers: [], timer: 'sleep' } });
    assert.equal(first.code, 0, first.stderr);
    seed(sb, '/srv/etc/network/.tsprov-tmp.dead-run.0', 'torn');
    const second = await apply(sb, { runId: 'blocked-2', changes: [file('/srv/etc/network/interfaces', 'newer\n')], handlers: [] });
    assert.equal(second.code, 17, second.stdout + second.stderr);
    assert.deepEqual(events(second.stdout, 'pending-run')[0]?.fields, ['armed-1']);
    assert.equal(readFileSync(sb.host('/srv/etc/network/interfaces'), 'utf8'), 'new\n');
    const conf = await runScript(sb, buildConfirmScript('armed-1'));
    assert.equal(conf.code, 0, conf.stdout);
    const third = await apply(sb, { runId: 'after-3', changes: [file('/srv/etc/network/interfaces', 'newer\n')], handlers: [] });
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.equal(readFileSync(sb.host('/srv/etc/network/interfaces'), 'utf8'), 'newer\n');
    assert.ok(!existsSync(sb.host('/srv/etc/network/.tsprov-tmp.dead-run.0')), 'stale temp file of a killed run removed');
  } finally {
    sb.cleanup();
  }
});
