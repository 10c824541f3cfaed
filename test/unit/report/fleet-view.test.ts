import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../../src/core/events.ts';
import { applyEvent, etaSeconds, newFleetState, renderFleet, type FleetState } from '../../../src/report/fleet-view.ts';
import { liveView, plainLine } from '../../../src/report/live.ts';

const names = Array.from({ length: 500 }, (_, i) => `web${String(i).padStart(3, '0')}.example.internal`);

/** 500 hosts, 20 at a time, each 10 s long; every 25th fails, every 50th is unreachable. */
function simulate(until: number): { state: FleetState; now: number } {
  const state = newFleetState(names.length);
  let now = 0;
  let next = 0;
  const running: Array<{ host: string; i: number; end: number }> = [];
  const feed = (e: RunEvent): void => applyEvent(state, e, now);
  for (;;) {
    while (running.length < 20 && next < names.length) {
      const host = names[next]!;
      feed({ kind: 'host-start', host });
      feed({ kind: 'host-phase', host, phase: 'connect' });
      running.push({ host, i: next++, end: now + 10_000 });
    }
    if (!running.length || now >= until) break;
    now += 1000;
    for (const r of [...running]) {
      if (r.end - now === 5000) feed({ kind: 'host-phase', host: r.host, phase: 'apply' });
      if (r.end > now) continue;
      running.splice(running.indexOf(r), 1);
      const status = r.i % 50 === 0 ? 'unreachable' : r.i % 25 === 0 ? 'failed' : r.i % 2 ? 'changed' : 'ok';
      feed({ kind: 'host-done', host: r.host, status, changed: status === 'changed' ? 1 : 0, ...(status === 'failed' ? { message: 'verify: bond0 has no slave up' } : {}) });
    }
  }
  return { state, now };
}

test('the TTY view of 500 hosts in flight fits in 40 lines, counts and bounds its lists', () => {
  const { state, now } = simulate(120_000);
  const lines = renderFleet(state, { columns: 120, rows: 41 }, now);
  assert.ok(lines.length <= 40, `${lines.length} lines`);
  // 120 s at 20 hosts per 10 s: 240 done, 20 running, 240 pending; 260 left / 20 × 10 s.
  assert.equal(lines[0], '240/500 done  running 20  pending 240  ETA 2m10s');
  assert.equal(lines[1], 'ok 115  changed 115  failed 5  unreachable 5  rolled back 0');
  assert.equal(lines.filter((l) => /^ {2}web\d+\S* {2}(connect|apply) \(\d+\.\d+s\)$/.test(l)).length, 20);
  assert.match(lines.join('\n'), /^problems \(10\):$/m);

  const more = simulate(200_000);
  const small = renderFleet(more.state, { columns: 120, rows: 20 }, more.now);
  assert.ok(small.length <= 19, `${small.length} lines`);
  assert.match(small.join('\n'), /^problems \(16, last 10\):$/m);
  assert.match(small.join('\n'), /^ {2}… and \d+ more$/m);
  assert.ok(!small.join('\n').includes(names[0]!), 'finished ok hosts collapse into the counts');
});

test('a pty that reports no width gets 80 columns, never a line per character', () => {
  const { state, now } = simulate(60_000);
  for (const columns of [0, undefined]) {
    const lines = renderFleet(state, { columns, rows: 0 }, now);
    assert.ok(lines.length <= 23 && lines.length > 5, `${lines.length} lines`);
    assert.ok(lines.every((l) => l.length < 80), 'no line wraps');
    assert.match(lines[0]!, /^\d+\/500 done {2}running 20 {2}pending \d+ {2}ETA \d+m\d\ds$/, 'the header is not cut');
  }
});

test('ETA: mean finished duration times rounds of the observed concurrency', () => {
  const s = newFleetState(10);
  assert.equal(etaSeconds(s), undefined, 'nothing to estimate from yet');
  for (const host of ['a', 'b']) applyEvent(s, { kind: 'host-start', host }, 0);
  for (const host of ['a', 'b']) applyEvent(s, { kind: 'host-done', host, status: 'ok', changed: 0 }, 4000);
  // 8 left, 2 at a time, 4 s each.
  assert.equal(etaSeconds(s), 16);
});

test('the live wrapper redraws one frame in place, keeps warnings above it, settles when every host is done', async () => {
  const out: string[] = [];
  let t = 0;
  const err: string[] = [];
  const stderr = { write: (s: string): boolean => (err.push(s), out.push(`<err ${s}>`), true) } as unknown as NodeJS.WriteStream;
  const view = liveView(['a', 'b'], 'live', () => assert.fail('the frame is written raw'), { now: () => t, size: () => ({ columns: 0, rows: 0 }), intervalMs: 10_000, raw: (s) => out.push(s), stderr });
  view.listener({ kind: 'host-start', host: 'a' });
  view.listener({ kind: 'host-start', host: 'b' });
  stderr.write('warning: a: retrying\n');
  t = 3000;
  view.listener({ kind: 'host-done', host: 'a', status: 'failed', changed: 0, message: 'boom' });
  view.listener({ kind: 'host-done', host: 'b', status: 'ok', changed: 0 });
  await view.finished;
  const frame = (i: number): number => out[i]!.replace(/^\x1b\[\d+F\x1b\[J/, '').split('\n').length - 1;
  assert.ok(!out[0]!.includes('\x1b'), 'the first frame erases nothing');
  assert.equal(out[1], `\x1b[${frame(0)}F\x1b[J`, 'the frame is cleared before the warning');
  assert.equal(out[2], '<err warning: a: retrying\n>');
  assert.ok(!out[3]!.includes('\x1b'), 'then drawn again below the warning');
  assert.equal(out.length, 5, 'one frame at the start, around the warning, and the final one');
  assert.ok(out[4]!.startsWith(`\x1b[${frame(3)}F\x1b[J`), 'the final frame replaces the one before');
  assert.match(out[4]!, /2\/2 done {2}running 0 {2}pending 0\nok 1 {2}changed 0 {2}failed 1 /);
  assert.match(out[4]!, /^ {2}a: failed — boom$/m);
  stderr.write('after\n');
  assert.equal(out.at(-1), '<err after\n>', 'stderr is given back once the view is done');
  assert.deepEqual(err, ['warning: a: retrying\n', 'after\n']);
});

test("listr2's test renderer: a task per host, its phases as output, its status as the final title, problems failed, skipped skipped", async () => {
  const lines: string[] = [];
  const view = liveView(['web1', 'web2', 'web3', 'web\x1b4'], 'live', () => assert.fail('no plain lines in live mode'), { listrTest: (l) => lines.push(l) });
  await view.started;
  const feed = (e: RunEvent): void => view.listener(e);
  feed({ kind: 'host-phase', host: 'web1', phase: 'connect' });
  feed({ kind: 'host-phase', host: 'web2', phase: 'connect' });
  feed({ kind: 'host-phase', host: 'web1', phase: 'apply' });
  feed({ kind: 'host-done', host: 'web1', status: 'changed', changed: 1 });
  feed({ kind: 'host-done', host: 'web2', status: 'unreachable', changed: 0, message: 'connect ECONNREFUSED' });
  feed({ kind: 'host-done', host: 'web3', status: 'skipped', changed: 0, message: 'run interrupted' });
  feed({ kind: 'host-done', host: 'web\x1b4', status: 'ok', changed: 0 });
  await view.finished;
  const events = lines.map((l) => JSON.parse(l) as { event: string; data: unknown; task: { title: string } });
  const of = (title: RegExp): string[] => events.filter((e) => title.test(e.task.title)).map((e) => `${e.event} ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}`);
  assert.deepEqual(of(/^web1/), ['STATE STARTED', 'OUTPUT connect', 'OUTPUT apply', 'TITLE web1: changed', 'STATE COMPLETED']);
  assert.deepEqual(of(/^web2/), ['STATE STARTED', 'OUTPUT connect', 'TITLE web2: unreachable — connect ECONNREFUSED', 'STATE FAILED', 'MESSAGE {"error":"web2: unreachable — connect ECONNREFUSED"}']);
  assert.deepEqual(of(/^web3/), ['STATE STARTED', 'TITLE web3: skipped — run interrupted', 'STATE SKIPPED', 'MESSAGE {"skip":"web3: skipped — run interrupted"}']);
  assert.deepEqual(of(/^web\\u001b4/), ['STATE STARTED', 'TITLE web\\u001b4: ok', 'STATE COMPLETED'], 'a host name cannot reach the terminal raw');
});

test('plain: one ISO 8601 UTC stamped line per event, controls escaped; quiet: nothing', () => {
  const at = new Date(Date.UTC(2026, 11, 4, 5, 1, 2, 345));
  assert.equal(plainLine({ kind: 'host-phase', host: 'web1', phase: 'facts' }, at), '2026-12-04T05:01:02.345Z web1: facts');
  assert.equal(plainLine({ kind: 'host-done', host: 'web1', status: 'failed', changed: 0, message: 'bad\x1b[2J' }, at), '2026-12-04T05:01:02.345Z web1: failed — bad\\u001b[2J');
  assert.equal(plainLine({ kind: 'host-start', host: 'web1' }, at), undefined);
  const out: string[] = [];
  const quiet = liveView(['web1'], 'quiet', (s) => out.push(s));
  quiet.listener({ kind: 'host-phase', host: 'web1', phase: 'connect' });
  quiet.listener({ kind: 'host-done', host: 'web1', status: 'ok', changed: 0 });
  assert.equal(out.length, 0, 'quiet prints no progress');
  const plain = liveView(['web1'], 'plain', (s) => out.push(s), { now: () => at.getTime() });
  plain.listener({ kind: 'host-phase', host: 'web1', phase: 'connect' });
  assert.deepEqual(out, ['2026-12-04T05:01:02.345Z web1: connect']);
});
