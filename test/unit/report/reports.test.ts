/** Reporters: file diffs, secret masking in every format, recap, JSON schema, Markdown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileChange } from '../../../src/core/change.ts';
import type { HostResult, TaskResult } from '../../../src/engine/types.ts';
import { fileDiff, maskSecretLines, maskSecretLinesAgainst, MASKED } from '../../../src/report/diff.ts';
import { jsonReport, REPORT_SCHEMA } from '../../../src/report/json.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { counts, recap } from '../../../src/report/recap.ts';
import { hostText } from '../../../src/report/text.ts';
import { result } from '../engine/results.ts';

const SECRETS = ['hunter2', 's3cr3t-old', 's3cr3t-new', 'tok-123', 'very-private'];
const IFACES = '/etc/network/interfaces';
const file = (target: string, before: string | null, after: string | null, more: Partial<FileChange> = {}): FileChange => ({ kind: 'file', target, before, after, reason: 'r', ...more });

const changes: TaskResult['changes'] = [
  file(IFACES, 'auto wlan0\niface wlan0 inet dhcp\n    wpa-psk hunter2\n    bond-mode 1\n', 'auto wlan0\niface wlan0 inet dhcp\n    wpa-psk hunter2\n    bond-mode 4\n'),
  file('/etc/app.conf', 'db_password = s3cr3t-old\nport=1\n', 'db_password = s3cr3t-new\nport=2\napi_token: tok-123\n'),
  file('/etc/private.key', null, 'very-private\n', { sensitive: true, mode: '0600' }),
  file('/etc/old.conf', 'gone\n', null),
  { kind: 'package', target: 'ifenslave', before: 'absent', after: 'present', manager: 'apt', reason: 'missing' },
  { kind: 'command', target: 'ifup bond0', before: null, after: null, reason: 'live differs', viaHandler: 'bond_reload' },
];
const task: TaskResult = { task: 'bonding', module: 'bond', status: 'changed', changes, notes: [{ level: 'warn', message: 'bond0: mode cannot change on a live bond' }], reload: ['bond0'], reloadNeedsDown: ['bond0'], verify: [] };
const web1 = result('web1', 'changed', { tasks: [task, { ...task, task: 'motd', module: 'copy', status: 'ok', changes: [], notes: [], noop: '/etc/motd already has the desired content' }], handlers: ['reload bonds'] });
const hosts: HostResult[] = [
  web1,
  result('db-primary-01', 'failed', { message: 'verification failed | rolled back', verify: { ok: false, durationMs: 900, checks: [{ bond: 'bond0', what: 'slaves up', expected: '2+ of 2', actual: '1 of 2', verdict: 'fail' }] } }),
  result('web3', 'unreachable', { message: 'connect ECONNREFUSED' }),
];
const noSecret = (where: string, text: string): void => {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} shows secret ${s}:\n${text}`);
};

test('fileDiff: host:path headers; /dev/null for new and removed files', () => {
  const created = fileDiff('web1', file('/etc/motd', null, 'hi\n'));
  assert.match(created, /^--- \/dev\/null\t\(absent\)\n\+\+\+ web1:\/etc\/motd\ttsprov\n@@ -0,0 \+1,1 @@\n\+hi\n/);
  const removed = fileDiff('web1', file('/etc/motd', 'hi\n', null));
  assert.match(removed, /^--- web1:\/etc\/motd\tcurrent\n\+\+\+ \/dev\/null\t\(removed\)\n@@ -1,1 \+0,0 @@\n-hi\n/);
  const updated = fileDiff('web1', file('/etc/motd', 'a\nb\n', 'a\nc\n'));
  assert.ok(!updated.includes('Index:') && !updated.includes('===='), updated);
  assert.match(updated, /^--- web1:\/etc\/motd\tcurrent\n\+\+\+ web1:\/etc\/motd\ttsprov\n@@ -1,2 \+1,2 @@\n a\n-b\n\+c\n/);
  const coloured = fileDiff('web1', file('/etc/motd', 'a\nb\n', 'a\nc\n'), true);
  assert.ok(coloured.includes('\u001b[32m+c\u001b[0m') && coloured.includes('\u001b[31m-b\u001b[0m'));
});

test('maskSecretLines masks the value on its own line only, never the next line', () => {
  assert.equal(maskSecretLines('    wpa-psk hunter2\n    bond-mode 1\n'), `    wpa-psk ${MASKED}\n    bond-mode 1\n`);
  assert.equal(maskSecretLines('password hunter2\n  foo\n'), `password ${MASKED}\n  foo\n`);
  assert.equal(maskSecretLines('DB_PASSWORD=x\r\nport=1\r\n'), `DB_PASSWORD=${MASKED}\r\nport=1\r\n`);
  assert.equal(maskSecretLines('secret_key = a = b\napi_token:abc\nbond-slaves eth1 eth2\n'), `secret_key = ${MASKED}\napi_token:${MASKED}\nbond-slaves eth1 eth2\n`);
});

test('fileDiff masks secrets on both sides; a sensitive change shows no content', () => {
  const d = fileDiff('web1', changes[1] as FileChange);
  noSecret('diff', d);
  // Only the secret changed on that line: the new side says so, never what it was or became.
  assert.match(d, /^-db_password = \*{8}\n(?:.*\n)*\+db_password = \*{8} \(changed\)$/m);
  assert.match(d, /^\+api_token: \*{8}$/m);
  assert.match(d, /^\+port=2$/m);
  const s = fileDiff('web1', changes[2] as FileChange);
  noSecret('sensitive diff', s);
  assert.match(s, /content hidden: marked sensitive/);
  const psk = fileDiff('web1', changes[0] as FileChange);
  noSecret('interfaces diff', psk);
  assert.match(psk, /^-    bond-mode 1\n\+    bond-mode 4$/m);
  // The psk did not change: it stays masked context.
  assert.match(psk, /^     wpa-psk \*{8}$/m);
});

test('fileDiff: a change of only a secret value still shows a -/+ pair, both masked', () => {
  const d = fileDiff('web1', file('/etc/app.conf', 'user = app\npassword = hunter2\n', 'user = app\npassword = s3cr3t-new\n'));
  noSecret('secret-only diff', d);
  assert.match(d, /^-password = \*{8}\n\+password = \*{8} \(changed\)$/m);
  // A new secret key is not "changed", and an unchanged one is context.
  const added = fileDiff('web1', file('/etc/app.conf', 'user = app\n', 'user = app\ntoken = tok-123\n'));
  noSecret('added secret', added);
  assert.match(added, /^\+token = \*{8}$/m);
  assert.equal(maskSecretLinesAgainst('token: a\n', 'token: a\n'), `token: ${MASKED}\n`);
});

test('text report: tasks, changes, notes, handlers, verify; no secret with --diff', () => {
  const t = hostText(web1, { diff: true, colour: false, check: true });
  noSecret('text', t);
  assert.match(t, /^== web1: changes pending$/m);
  assert.match(t, /^ {2}\[would change\] bonding$/m);
  assert.match(t, /^ {2}\[ok\] motd — \/etc\/motd already has the desired content$/m);
  assert.match(t, /install package ifenslave \(apt\)/);
  assert.match(t, /via handler bond_reload: ifup bond0/);
  assert.match(t, /create \/etc\/private\.key/);
  assert.match(t, /remove \/etc\/old\.conf/);
  assert.match(t, /NOTE \(deviation\): bond0: mode cannot change/);
  assert.match(t, /handlers that would run: reload bonds/);
  assert.match(t, /^ {4}--- web1:\/etc\/app\.conf/m);
  const skipped = hostText({ ...web1, handlers: [], handlersSkipped: ['handler reload bonds: skipped, when: "not lab" is false'] }, { diff: false, colour: false, check: false });
  assert.match(skipped, /^ {2}handler reload bonds: skipped, when: "not lab" is false$/m);
  assert.doesNotMatch(skipped, /handlers run/);
  const failed = hostText(hosts[1]!, { diff: false, colour: false, check: false });
  assert.match(failed, /verify: FAILED \(900 ms\)\n {4}FAIL bond0 slaves up: expected 2\+ of 2, got 1 of 2/);
});

test('recap: Ansible\'s PLAY RECAP fields in its order and widths, tsprov\'s after them', () => {
  const r = recap(hosts);
  assert.equal(
    r,
    [
      'RECAP',
      'web1          : ok=1    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0    rolled-back=0    status=changed',
      'db-primary-01 : ok=0    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0    rolled-back=0    status=failed',
      'web3          : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0    rolled-back=0    status=unreachable',
    ].join('\n'),
  );
  assert.deepEqual(counts(hosts), { ok: 0, changed: 1, unreachable: 1, failed: 1, skipped: 0, 'rolled-back': 0 });
});

test('JSON report: schema tsprov.report/v1, JSON round trip, secrets masked, actions named', () => {
  const meta = { runId: '20261125-r1', command: 'check', check: true, startedAt: '2026-11-25T11:00:00.000Z', durationMs: 1234, exitCode: 4 };
  const rep = jsonReport(meta, hosts) as Record<string, unknown>;
  const text = JSON.stringify(rep);
  assert.deepEqual(JSON.parse(text), rep, 'round trip loses nothing');
  noSecret('json', text);
  const r = JSON.parse(text) as { schema: string; summary: Record<string, number>; hosts: Array<{ host: string; status: string; message?: string; tasks: Array<{ changes: Array<Record<string, unknown>> }> }> };
  assert.equal(r.schema, REPORT_SCHEMA);
  assert.equal(REPORT_SCHEMA, 'tsprov.report/v1');
  assert.equal(r.summary.unreachable, 1);
  assert.deepEqual(r.hosts.map((h) => [h.host, h.status]), [['web1', 'changed'], ['db-primary-01', 'failed'], ['web3', 'unreachable']]);
  const ch = r.hosts[0]!.tasks[0]!.changes;
  assert.deepEqual(ch.map((c) => c.action ?? c.kind), ['update', 'update', 'create', 'remove', 'package', 'command']);
  assert.equal(ch[2]!.before, null);
  assert.equal(ch[2]!.after, MASKED);
  assert.equal(ch[2]!.mode, '0600');
  assert.equal(ch[1]!.after, `db_password = ${MASKED} (changed)\nport=2\napi_token: ${MASKED}\n`);
  assert.equal(ch[3]!.after, null);
  assert.match(String(ch[1]!.diff), /^--- web1:\/etc\/app\.conf/);
});

test('Markdown report: summary table, escaped pipes, ```diff blocks, no secrets', () => {
  const md = markdownReport('tsprov check', hosts, true);
  noSecret('markdown', md);
  assert.match(md, /^## tsprov check$/m);
  assert.match(md, /^3 hosts: 1 changed, 1 unreachable, 1 failed$/m);
  assert.match(md, /^\| web1 \| changes pending \| 1 \| {2}\|$/m);
  assert.match(md, /^\| db-primary-01 \| failed \| 0 \| verification failed \\\| rolled back \|$/m);
  assert.match(md, /```diff\n--- web1:\/etc\/app\.conf\tcurrent\n/);
  assert.match(md, /- package `ifenslave`: missing/);
  assert.equal((md.match(/^```diff$/gm) ?? []).length, 4);
});

test('Markdown report: file content with a ``` line cannot close the diff fence early', () => {
  const readme = result('web1', 'changed', { tasks: [{ ...task, changes: [file('/srv/README.md', null, 'Run:\n```\nmake\n```\n')] }] });
  const md = markdownReport('t', [readme], false);
  const open = /^(`{3,})diff$/m.exec(md);
  assert.ok(open && open[1]!.length >= 4, md);
  const body = md.slice(open.index + open[0].length);
  const close = body.split('\n').indexOf(open[1]!);
  assert.ok(close > 0 && body.split('\n').slice(0, close).includes('+make'), md);
});

test('a sensitive command is hidden in text, JSON and Markdown, its argv words too', async () => {
  const { hostText } = await import('../../../src/report/text.ts');
  const { jsonReport } = await import('../../../src/report/json.ts');
  const { markdownReport } = await import('../../../src/report/markdown.ts');
  const r = {
    host: 'h', status: 'changed' as const, preconditions: [], handlers: [], notes: [], timings: {}, durationMs: 1, changed: 1,
    tasks: [{ task: 't', module: 'command', status: 'changed' as const, notes: [], reload: [], reloadNeedsDown: [], verify: [],
      changes: [{ kind: 'command' as const, target: 'enroll --key tok-98765', argv: ['enroll', '--key', 'tok-98765'], before: null, after: null, reason: 'runs', sensitive: true }] }],
  };
  const outputs = [
    hostText(r, { diff: true, colour: false, check: true }),
    JSON.stringify(jsonReport({ runId: 'x', command: 'run', check: true, startedAt: '', durationMs: 1, exitCode: 2 }, [r])),
    markdownReport('t', [r], true),
  ];
  for (const o of outputs) {
    assert.doesNotMatch(o, /tok-98765/);
    assert.match(o, /command hidden/);
  }
});
