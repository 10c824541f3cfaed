/** report merge: what makes a merge honest (one run, one version, each host and shard once). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeReports } from '../../../src/report/merge.ts';

const host = (name: string, status: string) => ({ host: name, status, changed: status === 'changed' ? 1 : 0 });
function report(shard: number | undefined, hosts: Array<ReturnType<typeof host>>, more: Record<string, unknown> = {}) {
  const summary: Record<string, number> = { ok: 0, changed: 0, failed: 0, unreachable: 0 };
  for (const h of hosts) summary[h.status] = (summary[h.status] ?? 0) + 1;
  return {
    schema: 'tsprov.report/v1', runId: 'ci-42', command: 'check', check: true,
    startedAt: `2026-12-04T05:0${shard ?? 0}:00.000Z`, durationMs: 1000, exitCode: hosts.some((h) => h.status === 'unreachable') ? 4 : hosts.some((h) => h.status === 'changed') ? 2 : 0,
    ...(shard ? { shard: { index: shard, count: 3 } } : {}), summary, hosts, ...more,
  };
}

test('shards merge into one report: hosts by name, counts added, the worst exit code, the span of the shards', () => {
  const m = mergeReports([
    { file: 's2.json', report: report(2, [host('web3', 'changed'), host('db1', 'ok')]) },
    { file: 's1.json', report: report(1, [host('web1', 'unreachable')]) },
    { file: 's3.json', report: report(3, [host('web2', 'ok')]) },
  ]);
  assert.deepEqual((m.hosts as Array<{ host: string }>).map((h) => h.host), ['db1', 'web1', 'web2', 'web3']);
  assert.deepEqual(m.summary, { ok: 2, changed: 1, failed: 0, unreachable: 1 });
  assert.equal(m.exitCode, 4, 'unreachable outranks pending');
  assert.equal(m.startedAt, '2026-12-04T05:01:00.000Z');
  assert.equal(m.durationMs, 2 * 60_000 + 1000, 'from the first start to the last end');
  assert.equal(m.shard, undefined);
  assert.deepEqual(m.merged, { from: [{ file: 's2.json', shard: { index: 2, count: 3 }, hosts: 2 }, { file: 's1.json', shard: { index: 1, count: 3 }, hosts: 1 }, { file: 's3.json', shard: { index: 3, count: 3 }, hosts: 1 }], shards: 3, missing: [] });
  const partial = mergeReports([{ file: 'a', report: report(1, [host('web1', 'ok')]) }]);
  assert.deepEqual((partial.merged as { missing: number[] }).missing, [2, 3]);
});

test('refused: another run, another version or command, a host or shard twice, mixed shard counts, not a report', () => {
  const a = { file: 'a.json', report: report(1, [host('web1', 'ok')]) };
  const cases: Array<[unknown, RegExp]> = [
    [report(2, [host('web2', 'ok')], { runId: 'ci-43' }), /b\.json: run ci-43, but a\.json is run ci-42: give every shard the same --run-id/],
    [{ ...report(2, [host('web2', 'ok')]), schema: 'tsprov.drift/v1' }, /schema tsprov\.drift\/v1, but a\.json is tsprov\.report\/v1/],
    [report(2, [host('web2', 'ok')], { command: 'run', check: false }), /command "run", but a\.json has "check"/],
    [report(2, [host('web1', 'ok')]), /host web1 is also in a\.json: shards overlap/],
    [report(1, [host('web2', 'ok')]), /shard 1\/3 again \(also a\.json\)/],
    [report(2, [host('web2', 'ok')], { shard: { index: 2, count: 4 } }), /shard 2\/4, but the others are out of 3/],
    [{ hello: 'world' }, /b\.json: not a tsprov JSON report/],
  ];
  for (const [b, re] of cases) assert.throws(() => mergeReports([a, { file: 'b.json', report: b }]), re);
  assert.throws(() => mergeReports([]), /at least one/);
});

test('drift reports: exit codes by the same rule, state-dir deltas concatenated', () => {
  const d = (shard: number, exitCode: number, since: Record<string, unknown>) => ({ schema: 'tsprov.drift/v1', runId: 'cron', startedAt: '2026-12-04T05:00:00.000Z', durationMs: 5, exitCode, shard: { index: shard, count: 2 }, hosts: [host(`h${shard}`, exitCode === 2 ? 'drift' : 'ok')], since });
  const m = mergeReports([
    { file: '1', report: d(1, 2, { baseline: false, new: [{ id: 'x' }], still: [], resolved: [] }) },
    { file: '2', report: d(2, 0, { baseline: true, new: [], still: [{ id: 'y', firstSeen: 't' }], resolved: [] }) },
  ]);
  assert.equal(m.exitCode, 2);
  assert.deepEqual(m.since, { baseline: false, new: [{ id: 'x' }], still: [{ id: 'y', firstSeen: 't' }], resolved: [] });
  assert.equal(m.summary, undefined, 'drift reports carry no summary');
});
