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

test('an edit never applied: the host\'s files disagree with its kernel (what the next ifup or reboot does), only on ifupdown hosts', () => {
  const edited = [
    '# Managed by tsprov (bond bond0): local edits here will be overwritten.',
    'auto bond0', 'iface bond0 inet static', '    address 192.168.77.1/24', '    bond-slaves eth1 eth2 eth3', '    bond-mode 1', '    bond-miimon 200', '',
  ].join('\n');
  const r = result({
    backend: 'ifupdown',
    tasks: [{ task: 'b', module: 'bond', status: 'changed', notes: [], reload: [], reloadNeedsDown: [], verify: [], changes: [
      { kind: 'file', target: '/etc/network/interfaces.d/bond0', before: edited, after: 'as declared', reason: 'differs' },
    ] }],
  });
  r.facts!.files['/etc/network/interfaces'] = 'source /etc/network/interfaces.d/*\n';
  r.facts!.files['/etc/network/interfaces.d/bond0'] = edited;
  r.facts!.bonds.bond0 = parseProcBonding('bond0', fixture('bond0-degraded.e1000.txt'));
  const pending = hostDrift({ result: r, bonds: [RR], allowDegraded: 2, expected: [], fixCommand: 'x' }).filter((x) => x.kind === 'not-applied');
  assert.deepEqual(pending.map((x) => [x.what, x.expected, x.actual]), [
    ["mode in the host's files", 'active-backup', 'balance-rr'],
    ["slaves in the host's files", 'eth1 eth2 eth3', 'eth1 eth2'],
    ["miimon in the host's files", '200', '100'],
  ]);
  assert.match(pending[0]!.evidence, /^\/etc\/network\/interfaces\.d\/bond0 says mode active-backup; the kernel runs balance-rr: the next ifup or reboot/);
  // Files that match the declaration: nothing pending (the declaration-vs-kernel checks say it all).
  const clean = result({ backend: 'ifupdown' });
  clean.facts!.files['/etc/network/interfaces.d/bond0'] = edited;
  clean.facts!.bonds.bond0 = r.facts!.bonds.bond0;
  assert.ok(!hostDrift({ result: clean, bonds: [RR], allowDegraded: 2, expected: [], fixCommand: 'x' }).some((x) => /host's files/.test(x.what)));
  // Another backend: its files are not interfaces(5), so nothing is read into them.
  assert.ok(!hostDrift({ result: { ...r, backend: 'netplan' }, bonds: [RR], allowDegraded: 2, expected: [], fixCommand: 'x' }).some((x) => /host's files/.test(x.what)));
});

test('markdown: table cells escape pipes and controls, the fix is a code span no backtick closes early', async () => {
  const { driftMarkdown } = await import('../../../src/report/drift-markdown.ts');
  const f: Finding = {
    id: 'x', host: 'h|1', kind: 'file', severity: 'warning', target: '/etc/a|b', what: 'content differs', expected: 'as declared', actual: 'differs',
    evidence: 'e\u001b[31m', fix: 'tsprov run `p`.yml -i i.yml --limit h|1',
  };
  const md = driftMarkdown([{ host: 'h|1', status: 'drift', findings: [f] }, { host: 'ok1', status: 'ok', findings: [] }], { baseline: true, new: [{ id: 'x', label: 'corrective' }], still: [], resolved: [{ id: 'y', host: 'h2', kind: 'live', target: 'bond0', what: 'mode', firstSeen: 't0', label: 'intentional' }] });
  assert.match(md, /^- resolved: h2 live bond0 mode \(seen since t0, intentional\)$/m);
  assert.match(md, /^\| h\\\|1 \| drift \| 1 \| {2}\|$/m);
  assert.match(md, /^\| warning \| file \| \/etc\/a\\\|b \| content differs \| as declared \| differs \| new, corrective \|$/m);
  assert.match(md, /^Fix: ``tsprov run `p`\.yml -i i\.yml --limit h\|1``$/m);
  assert.doesNotMatch(md, /\u001b/, 'control characters never reach the report');
  assert.match(md, /^2 hosts: 1 ok, 1 drifted, 0 failed, 0 unreachable$/m);
});

test('the declared address: missing from the bond is a finding when the probe read addresses, never guessed when it did not', async () => {
  const { parseIpAddr } = await import('../../../src/facts/parse/addresses.ts');
  const withAddr = toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100, address: '192.168.77.1/24' });
  const r = result();
  r.facts!.bonds.bond0 = parseProcBonding('bond0', fixture('bond0-degraded.e1000.txt'));
  // `ip -o addr show` as bookworm prints it (backslash-joined continuation, as on the lab VMs).
  r.facts!.addresses = parseIpAddr([
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
    '4: bond0    inet 10.0.0.9/24 brd 10.0.0.255 scope global bond0\\       valid_lft forever preferred_lft forever',
    '4: bond0    inet6 fe80::5054:ff:fe12:3401/64 scope link \\       valid_lft forever preferred_lft forever',
  ].join('\n'));
  assert.deepEqual(r.facts!.addresses.bond0, ['10.0.0.9/24', 'fe80::5054:ff:fe12:3401/64']);
  const f = hostDrift({ result: r, bonds: [withAddr], allowDegraded: 2, expected: [], fixCommand: 'x' }).find((x) => x.what.startsWith('address'));
  assert.deepEqual([f?.kind, f?.what, f?.actual], ['not-applied', 'address 192.168.77.1/24', 'absent']);
  r.facts!.addresses.bond0!.push('192.168.77.1/24');
  assert.ok(!hostDrift({ result: r, bonds: [withAddr], allowDegraded: 2, expected: [], fixCommand: 'x' }).some((x) => x.what.startsWith('address')));
  delete r.facts!.addresses;
  assert.ok(!hostDrift({ result: r, bonds: [withAddr], allowDegraded: 2, expected: [], fixCommand: 'x' }).some((x) => x.what.startsWith('address')), 'no addresses read: not judged');
});

test('a bond declared absent that is still live is drift ("removed"); gone, it is none', () => {
  const r = result();
  r.facts!.bonds.bond0 = parseProcBonding('bond0', fixture('bond0-degraded.e1000.txt'));
  const gone = toBond({ name: 'bond0', state: 'absent' });
  const f = hostDrift({ result: r, bonds: [gone], allowDegraded: 0, expected: [], fixCommand: 'x' });
  assert.deepEqual(f.map((x) => [x.kind, x.what, x.expected]), [['not-applied', 'removed', 'absent']]);
  assert.match(f[0]!.actual, /^present \(eth1 eth2\)$/);
  delete r.facts!.bonds.bond0;
  assert.deepEqual(hostDrift({ result: r, bonds: [gone], allowDegraded: 0, expected: [], fixCommand: 'x' }), []);
});
