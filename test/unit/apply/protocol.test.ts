import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { decodeField, encodeField, parseApplyOutput, summarizeApply } from '../../../src/engine/apply/index.ts';

const HOSTILE = ['', ' ', '%', '%41', 'a b', 'new\nline', "it's", '$(id)', '`id`', 'ü/😀', '\u0000\u00ff', '/etc/network/interfaces'];

test('fields round-trip through encodeField/decodeField and never contain spaces or newlines', () => {
  for (const v of HOSTILE) {
    const enc = encodeField(v);
    assert.match(enc, /^[A-Za-z0-9_./:@+,=%-]+$/);
    assert.equal(decodeField(enc), v);
  }
  assert.equal(encodeField('/etc/network/interfaces'), '/etc/network/interfaces');
});

test('parseApplyOutput keeps only protocol lines and decodes fields; a real sh printed them', () => {
  const stdout = execFileSync('sh', ['-c', `echo noise; printf '@@tsprov@@ %s\\n' "wrote ${HOSTILE.map(encodeField).join(' ')}"; echo '@@tsprov@@x fake'; echo '  @@tsprov@@ indented'`], { encoding: 'utf8' });
  const ev = parseApplyOutput(stdout);
  assert.equal(ev.length, 1);
  assert.equal(ev[0]!.event, 'wrote');
  assert.deepEqual(ev[0]!.fields, HOSTILE);
});

test('summarizeApply folds a failed run', () => {
  const out = [
    '@@tsprov@@ start r', '@@tsprov@@ lock-acquired r', '@@tsprov@@ wrote /etc/a%20b', '@@tsprov@@ removed /etc/c',
    '@@tsprov@@ command-ignored 2 1', '@@tsprov@@ command-tolerated 3 4',
    '@@tsprov@@ armed sleep 123 30', '@@tsprov@@ handler-start net', '@@tsprov@@ handler-failed net 7',
    '@@tsprov@@ failed handler handler:net 7', '@@tsprov@@ restoring', '@@tsprov@@ restored',
  ].join('\n');
  assert.deepEqual(summarizeApply(parseApplyOutput(out)), {
    done: false, restored: true, wrote: ['/etc/a b'], removed: ['/etc/c'], handlersOk: [],
    handlersFailed: [{ name: 'net', rc: 7 }], failed: { phase: 'handler', step: 'handler:net', rc: 7 },
    armed: { how: 'sleep', id: '123' },
    commandsLetPass: [{ index: 2, rc: 1, ignored: true }, { index: 3, rc: 4, ignored: false }],
  });
  assert.deepEqual(summarizeApply(parseApplyOutput('@@tsprov@@ lock-busy other 42\n')).lockBusy, { holderRun: 'other', holderPid: '42' });
});
