/**
 * Text a host makes (its messages, precondition evidence, file content, verify readings) must not
 * drive the operator's terminal or forge report lines: control bytes are escaped in the text,
 * Markdown and live reports, and left to JSON's own escaping in the JSON report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileChange } from '../../../src/core/change.ts';
import type { HostResult, TaskResult } from '../../../src/engine/types.ts';
import { fileDiff } from '../../../src/report/diff.ts';
import { jsonReport } from '../../../src/report/json.ts';
import { liveView } from '../../../src/report/live.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { hostText } from '../../../src/report/text.ts';
import { printable, escapeControls } from '../../../src/core/show-path.ts';
import { result } from '../engine/results.ts';

const CLEAR = '\u001b[2J\u001b]0;pwned\u0007';
const FORGED = 'boom\n== web2: ok';
// Any C0 control other than tab/newline, DEL or a C1 control: what a terminal would act on.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const change: FileChange = { kind: 'file', target: '/etc/motd', before: `old ${CLEAR}\n\tindented\n`, after: 'new\n', reason: `differs ${CLEAR}` };
const task: TaskResult = { task: 'motd', module: 'copy', status: 'changed', changes: [change], notes: [{ level: 'warn', message: `note ${CLEAR}` }], reload: [], reloadNeedsDown: [], verify: [] };
const host: HostResult = result('web1', 'failed', {
  message: `${FORGED} ${CLEAR}`,
  tasks: [task],
  notes: [`host note ${CLEAR}`],
  preconditions: [{ id: 'kernel.bonding', verdict: 'fail', message: `missing ${CLEAR}`, evidence: `grep said ${CLEAR}\nsecond line`, fix: `apt ${CLEAR}` }],
  verify: { ok: false, durationMs: 5, checks: [{ bond: 'bond0', what: 'mode', expected: '802.3ad', actual: `x${CLEAR}`, verdict: 'fail' }] },
});

test('printable keeps tabs and line breaks and escapes every other control byte', () => {
  assert.equal(printable(`a\tb\nc${CLEAR}\r`), 'a\tb\nc\\u001b[2J\\u001b]0;pwned\\u0007\\r');
  assert.equal(escapeControls(FORGED), 'boom\\n== web2: ok');
});

test('text report: no raw control byte anywhere, a host message cannot add a line, diff tabs stay', () => {
  for (const colour of [false, true]) {
    const text = hostText(host, { diff: true, colour, check: false });
    const stripped = colour ? text.replace(/\u001b\[\d+m/g, '') : text;
    assert.doesNotMatch(stripped, RAW_CONTROL, JSON.stringify(stripped));
    assert.ok(!text.split('\n').some((l) => l.startsWith('== web2')), 'a forged header line');
    assert.ok(text.includes('\\u001b[2J'), 'the escape is shown, not dropped');
    assert.ok(text.includes('-\tindented'), 'tabs in file content are kept');
  }
});

test('Markdown report: no raw control byte, forged lines stay in their table cell', () => {
  const md = markdownReport('t', [host], false);
  assert.doesNotMatch(md, RAW_CONTROL);
  assert.ok(!md.split('\n').some((l) => l.startsWith('== web2')));
  assert.match(md, /\| web1 \| failed \| 0 \| boom\\n== web2: ok /);
});

test('JSON report: diff content left for JSON to escape (round-trips exactly)', () => {
  const json = JSON.stringify(jsonReport({ runId: 'r', command: 'run', check: false, startedAt: 't', durationMs: 1, exitCode: 3 }, [host]));
  assert.doesNotMatch(json, RAW_CONTROL);
  assert.ok(json.includes('\\u001b[2J'));
  assert.equal(fileDiff('web1', change, false, true).includes(CLEAR), true, 'raw diff keeps the bytes for JSON');
  assert.equal(fileDiff('web1', change).includes(CLEAR), false);
});

test('plain live lines escape host-made messages onto one line', () => {
  const lines: string[] = [];
  const { listener } = liveView(['web1'], 'plain', (s) => lines.push(s));
  listener({ kind: 'host-done', host: 'web1', status: 'failed', message: `${FORGED} ${CLEAR}` } as never);
  listener({ kind: 'host-warning', host: 'web1', message: CLEAR } as never);
  assert.equal(lines.length, 2);
  for (const l of lines) {
    assert.doesNotMatch(l, RAW_CONTROL);
    assert.ok(!l.includes('\n'));
  }
});
