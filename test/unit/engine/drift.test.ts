/** Drift findings from one check-mode result, the state comparison across runs, the Prometheus text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { compareDrift, parseDriftState } from '../../../src/engine/drift-state.ts';
import { driftStatus, hostDrift, type Finding } from '../../../src/engine/drift.ts';
import type { HostResult } from '../../../src/engine/types.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { parseProcBonding } from '../../../src/facts/parse/proc-bonding.ts';
import { prometheusText } from '../../../src/report/prometheus.ts';

const fixture = (f: string): string => readFileSync(new URL(`../../golden/drift/${f}`, import.meta.url), 'utf8');
const RR = toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100 });

function result(more: Partial<HostResult> = {}): HostResult {
  return { host: 'web1', status: 'ok', preconditions: [], tasks: [], handlers: [], notes: [], timings: {}, durationMs: 1, changed: 0, facts: defaultFacts(), ...more };
}

test('a degraded slave (real /proc/net/bonding) is live drift, files matching or not; a missing bond with matching files is not-applied', () => {
  const r = result();
  r.facts!.bonds.bond0 = parseProcBonding('bond0', fixture('bond0-degraded.e1000.txt'));
  const f = hostDrift({ result: r, bonds: [RR], allowDegraded: 0, expected: [], fixCommand: 'tsprov run p.yml -i i.yml' });
  assert.deepEqual(f.map((x) => [x.kind, x.what, x.severity, x.actual]), [['live', 'slave eth1 MII', 'warning', 'down'], ['live', 'slaves up', 'critical', '1 of 2']]);
  assert.equal(f[0]!.fix, 'tsprov run p.yml -i i.yml --limit web1');
  const tolerant = hostDrift({ result: r, bonds: [RR], allowDegraded: 1, expected: [], fixCommand: 'x' });
  assert.deepEqual(tolerant.map((x) => [x.what, x.severity]), [['slave eth1 MII', 'warning']], 'within --allow-degraded it is a warning');
  const wrongMode = toBond({ name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], miimon: 100 });
  const m = hostDrift({ result: r, bonds: [wrongMode], allowDegraded: 0, expected: [], fixCommand: 'x' }).find((x) => x.what === 'mode');
  assert.equal(m?.kind, 'not-applied', 'the files match (no file change) but the kernel runs another mode');
  delete r.facts!.bonds.bond0;
  assert.deepEqual(hostDrift({ result: r, bonds: [RR], allowDegraded: 0, expected: [], fixCommand: 'x' }).map((x) => [x.kind, x.what]), [['not-applied', 'exists']]);
});

test('file, package and precondition findings come from the plan; a file change makes live findings "live"', () => {
  const r = result({
    status: 'failed',
    preconditions: [{ id: 'kernel.bonding', verdict: 'fail', message: 'no bonding', evidence: 'CONFIG_BONDING is not set' }, { id: 'modprobe.max_bonds', verdict: 'warn', message: 'advice', evidence: '' }],
    tasks: [{ task: 'b', module: 'bond', status: 'changed', notes: [], reload: [], reloadNeedsDown: [], verify: [], changes: [
      { kind: 'file', target: '/etc/network/interfaces', before: 'old', after: 'new', reason: 'differs' },
      { kind: 'package', target: 'ifenslave', before: 'absent', after: 'present', manager: 'apt', reason: 'not installed' },
    ] }],
  });
  const f = hostDrift({ result: r, bonds: [RR], allowDegraded: 0, expected: [], fixCommand: 'x' });
  assert.deepEqual(f.map((x) => `${x.kind}:${x.target}:${x.what}`), ['precondition:kernel.bonding:no bonding', 'file:/etc/network/interfaces:content differs', 'package:ifenslave:package present', 'live:bond0:exists']);
  assert.equal(driftStatus(r, f), 'drift', 'a failed precondition is drift, not a failed host');
  assert.equal(driftStatus(result({ status: 'failed', facts: undefined }), []), 'failed');
  assert.equal(driftStatus(result({ status: 'unreachable' }), []), 'unreachable');
});

test('802.3ad: slaves in different aggregators are a finding (only one link would carry traffic)', () => {
  const r = result();
  const text = fixture('802.3ad-kernel-5.15.txt');
  const lacp = toBond({ name: 'bond0', mode: '802.3ad', slaves: ['eth1', 'eth2'], miimon: 100 });
  r.facts!.bonds.bond0 = parseProcBonding('bond0', text);
  const ok = hostDrift({ result: r, bonds: [lacp], allowDegraded: 0, expected: [], fixCommand: 'x' });
  assert.ok(!ok.some((x) => x.what === 'aggregator'), JSON.stringify(ok));
  // The same bond after eth2 fell into an aggregator of its own.
  const split = text.replace(/(Slave Interface: eth2[^]*?)Aggregator ID: 1/, '$1Aggregator ID: 2');
  r.facts!.bonds.bond0 = parseProcBonding('bond0', split);
  const bad = hostDrift({ result: r, bonds: [lacp], allowDegraded: 0, expected: [], fixCommand: 'x' }).find((x) => x.what === 'aggregator');
  assert.equal(bad?.actual, 'eth1:1 eth2:2');
});

test('drift_expected accepts a finding with its reason: reported, not drift', () => {
  const r = result();
  const f = hostDrift({ result: r, bonds: [RR], allowDegraded: 0, expected: [{ kind: 'not-applied', target: 'bond0', reason: 'maintenance' }], fixCommand: 'x' });
  assert.equal(f[0]!.expectedBecause, 'maintenance');
  assert.equal(driftStatus(r, f), 'ok');
});

const finding = (host: string, what: string): Finding => ({ id: `${host}|live|bond0|${what}`, host, kind: 'live', severity: 'critical', target: 'bond0', what, expected: 'x', actual: 'y', evidence: '', fix: '' });

test('state: new, still and resolved across runs; a changed declaration labels them intentional', () => {
  const t1 = '2026-12-04T01:00:00.000Z';
  const one = compareDrift(undefined, [finding('a', 'mode'), finding('b', 'mode')], { a: 'd1', b: 'd1' }, new Set(['a', 'b']), t1);
  assert.equal(one.delta.baseline, false);
  assert.deepEqual(one.delta.new.map((n) => n.label), [undefined, undefined]);
  const state = parseDriftState(JSON.stringify(one.next));
  const two = compareDrift(state, [finding('a', 'mode'), finding('b', 'slaves')], { a: 'd1', b: 'd2' }, new Set(['a', 'b']), '2026-12-04T02:00:00.000Z');
  assert.deepEqual(two.delta.still, [{ id: 'a|live|bond0|mode', firstSeen: t1 }]);
  assert.deepEqual(two.delta.new, [{ id: 'b|live|bond0|slaves', label: 'intentional' }]);
  assert.deepEqual(two.delta.resolved.map((r) => [r.id, r.label]), [['b|live|bond0|mode', 'intentional']]);
  // An unreachable host resolves nothing: its findings are kept for the next run.
  const three = compareDrift(two.next, [], { a: 'd1' }, new Set(['a']), '2026-12-04T03:00:00.000Z');
  assert.deepEqual(three.delta.resolved.map((r) => [r.id, r.label]), [['a|live|bond0|mode', 'corrective']]);
  assert.ok(three.next.findings['b|live|bond0|slaves'], 'b was not judged: its finding stays');
  assert.throws(() => parseDriftState('{"schema":"other"}'), /not a tsprov\.drift-state\/v1 file/);
});

test('prometheus: label values escaped; expected findings counted apart; hosts by status', () => {
  const f = { ...finding('we"ird\\host', 'mode') };
  const text = prometheusText({ hosts: [{ host: f.host, status: 'drift', findings: [f, { ...f, id: 'x', expectedBecause: 'r' }] }, { host: 'ok1', status: 'ok', findings: [] }], startedAt: new Date(1764810000000), durationMs: 1500, exitCode: 2 });
  assert.match(text, /^tsprov_drift_findings\{host="we\\"ird\\\\host",kind="live",severity="critical"\} 1$/m);
  assert.match(text, /^tsprov_drift_expected_findings\{host="we\\"ird\\\\host"\} 1$/m);
  assert.match(text, /^tsprov_drift_hosts\{status="ok"\} 1$/m);
  assert.match(text, /^tsprov_drift_last_run_timestamp_seconds 1764810000$/m);
  assert.match(text, /^tsprov_drift_last_run_duration_seconds 1\.500$/m);
  assert.ok(text.endsWith('\n'));
});
