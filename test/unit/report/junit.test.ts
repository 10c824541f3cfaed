/** JUnit XML, read back by a real XML parser (python3's xml.etree.ElementTree), not by regexes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskResult } from '../../../src/engine/types.ts';
import { factsJUnit, runJUnit, verifyJUnit } from '../../../src/report/junit.ts';
import { result } from '../engine/results.ts';
import { parseJUnit } from './junit-parse.ts';

// Every character XML makes trouble with, and two it forbids outright (BEL, ESC).
const HOSTILE = `cfg <b>&"quoted" 'single'\u0007\u001b[2J]]>`;
const task = (name: string, more: Partial<TaskResult>): TaskResult => ({ task: name, module: 'command', status: 'ok', changes: [], notes: [], reload: [], reloadNeedsDown: [], verify: [], ...more });

test('run: one suite per host, a case per precondition set, task and check; hostile text survives parsing', () => {
  const web = result('web1', 'failed', {
    message: 'a task failed',
    preconditions: [
      { id: 'kernel.bonding', verdict: 'ok', message: 'built in', evidence: 'CONFIG_BONDING=y' },
      { id: 'slave.exists:eth9', verdict: 'fail', message: `no NIC ${HOSTILE}`, evidence: '/sys/class/net: eth0 eth1', fix: 'declare a NIC that exists' },
    ],
    tasks: [
      task(HOSTILE, { status: 'failed', error: `exit 3: ${HOSTILE}` }),
      task('motd', { status: 'changed', changes: [{ kind: 'file', target: '/etc/motd', before: 'a\n', after: 'db_password = hunter2\n', reason: 'content differs' }] }),
      task('kmod', { status: 'skipped', skipped: 'cannot simulate in check mode' }),
      task('probe', { status: 'failed', ignored: true, error: 'exit 1' }),
    ],
    verify: { ok: false, durationMs: 1500, checks: [{ bond: 'bond0', what: 'mode', expected: 'active-backup', actual: 'balance-rr', verdict: 'fail' }, { bond: 'bond0', what: 'slave eth1 MII', expected: 'up', actual: 'down', verdict: 'warn' }] },
  });
  const xml = runJUnit('tsprov check', [web, result('db1', 'unreachable', { message: 'connect ECONNREFUSED 10.0.0.9:22', errorKind: 'unreachable' }), result('late', 'skipped', { message: 'max_fail_percentage reached' })], 2500);
  const doc = parseJUnit(xml);
  assert.deepEqual(doc.root, { name: 'tsprov check', tests: '9', failures: '3', errors: '1', skipped: '2', time: '2.500' });
  const [w, d, late] = doc.suites;
  assert.deepEqual(w!.cases.map((c) => c.name), ['preconditions', HOSTILE.replace('\u0007', '\\u0007').replace('\u001b', '\\u001b'), 'motd', 'kmod', 'probe', 'verify bond0 mode', 'verify bond0 slave eth1 MII']);
  assert.deepEqual(w!.attrs, { name: 'web1', tests: '7', failures: '3', errors: '0', skipped: '1', time: '0.012' });
  assert.ok(w!.cases.every((c) => c.classname === 'web1'));
  const [pre, failed, motd, kmod, probe, mode, mii] = w!.cases;
  assert.equal(pre!.failure!.message, `slave.exists:eth9: no NIC cfg <b>&"quoted" 'single'\\u0007\\u001b[2J]]>`);
  assert.match(pre!.failure!.text, /evidence: \/sys\/class\/net: eth0 eth1\nfix: declare a NIC that exists/);
  assert.equal(failed!.failure!.message, `exit 3: cfg <b>&"quoted" 'single'\\u0007\\u001b[2J]]>`);
  assert.match(motd!.out!, /^\+db_password = \*{8}$/m, 'file content only as the masked diff');
  assert.ok(!xml.includes('hunter2'));
  assert.equal(kmod!.skipped, 'cannot simulate in check mode');
  assert.equal(probe!.failure, undefined, 'an ignored failure does not fail the case');
  assert.equal(probe!.out, 'failed, ignored: exit 1');
  assert.equal(mode!.failure!.message, 'bond0 mode: expected active-backup, live balance-rr');
  assert.equal(mii!.failure, undefined, 'a warn (degraded within the allowance) passes');
  assert.deepEqual(d!.cases, [{ name: 'connect', classname: 'db1', error: { message: 'connect ECONNREFUSED 10.0.0.9:22', type: 'unreachable', text: 'connect ECONNREFUSED 10.0.0.9:22' } }]);
  assert.deepEqual(late!.cases.map((c) => [c.name, c.skipped]), [['host', 'max_fail_percentage reached']]);
});

test('run: a failure no task explains (rolled back) gets a host case; line breaks in attributes survive', () => {
  const doc = parseJUnit(runJUnit('t', [result('h', 'rolled-back', { message: 'verification failed\nrolled back', tasks: [task('bond', { status: 'changed' })] })]));
  const cases = doc.suites[0]!.cases;
  assert.deepEqual(cases.map((c) => c.name), ['bond', 'host']);
  assert.equal(cases[1]!.failure!.message, 'verification failed\nrolled back');
});

test('facts: one case per host; verify: one per host and check', () => {
  const facts = parseJUnit(factsJUnit([
    { host: 'a', status: 'ok', preconditions: [], warnings: ['ethtool missing'], durationMs: 30 },
    { host: 'b', status: 'failed', preconditions: [{ id: 'kernel.bonding', verdict: 'fail', message: 'not built', evidence: 'no CONFIG_BONDING' }], warnings: [], durationMs: 30 },
    { host: 'c', status: 'unreachable', message: 'timeout', errorKind: 'timeout', preconditions: [], warnings: [], durationMs: 30 },
  ]));
  assert.deepEqual(facts.root.tests, '3');
  assert.deepEqual(facts.suites.map((s) => [s.attrs.name, s.cases[0]!.name, !!s.cases[0]!.failure, s.cases[0]!.error?.type ?? null]), [['a', 'facts', false, null], ['b', 'facts', true, null], ['c', 'connect', false, 'timeout']]);
  assert.equal(facts.suites[0]!.cases[0]!.out, 'warning: ethtool missing');
  const verify = parseJUnit(verifyJUnit([{ host: 'a', status: 'drift', verify: { ok: false, durationMs: 5, checks: [{ bond: 'bond0', what: 'exists', expected: 'present', actual: 'absent', verdict: 'fail' }, { bond: 'bond0', what: 'mode', expected: 'x', actual: 'x', verdict: 'ok' }] } }]));
  assert.deepEqual(verify.suites[0]!.cases.map((c) => [c.name, c.failure?.message ?? null]), [['bond0 exists', 'bond0 exists: expected present, live absent'], ['bond0 mode', null]]);
});
