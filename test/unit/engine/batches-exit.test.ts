/** Ansible's `serial` batching and the run's exit code precedence. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchSizes, splitBatches } from '../../../src/engine/batches.ts';
import { exitCodeFor } from '../../../src/engine/exit.ts';
import { ExitCode } from '../../../src/core/exit-codes.ts';
import { result } from './results.ts';

test('serial unset: one batch of everything; no hosts: no batch', () => {
  assert.deepEqual(batchSizes(7, undefined), [7]);
  assert.deepEqual(batchSizes(0, 3), []);
  assert.deepEqual(batchSizes(0, undefined), []);
});

test('serial number: fixed batches, the last one smaller', () => {
  assert.deepEqual(batchSizes(10, 3), [3, 3, 3, 1]);
  assert.deepEqual(batchSizes(2, 5), [2]);
  assert.deepEqual(batchSizes(4, '2'), [2, 2]);
});

test('serial percentage: floor of the share, at least one host', () => {
  assert.deepEqual(batchSizes(10, '30%'), [3, 3, 3, 1]);
  assert.deepEqual(batchSizes(3, '10%'), [1, 1, 1]);
  assert.deepEqual(batchSizes(8, '100%'), [8]);
  assert.deepEqual(batchSizes(9, ' 50% '), [4, 4, 1]);
});

test('serial list: canary then waves; the last size repeats', () => {
  assert.deepEqual(batchSizes(20, [1, 5, '50%']), [1, 5, 10, 4]);
  assert.deepEqual(batchSizes(12, [1, 3]), [1, 3, 3, 3, 2]);
  assert.deepEqual(batchSizes(2, [1, 5, 10]), [1, 1]);
});

test('splitBatches keeps order and loses no host', () => {
  const hosts = Array.from({ length: 11 }, (_, i) => `h${i}`);
  const b = splitBatches(hosts, [1, '20%']);
  assert.deepEqual(b.map((x) => x.length), [1, 2, 2, 2, 2, 2]);
  assert.deepEqual(b.flat(), hosts);
  assert.deepEqual(splitBatches([], 2), []);
});

test('exit code: unreachable 4 > failed/rolled-back 3 > pending 2 > ok 0', () => {
  const ok = result('a', 'ok');
  const changed = result('b', 'changed');
  const failed = result('c', 'failed');
  const rolled = result('d', 'rolled-back');
  const unreachable = result('e', 'unreachable');
  const skipped = result('f', 'skipped');
  assert.equal(exitCodeFor([ok, changed, failed, unreachable], true), ExitCode.unreachable);
  assert.equal(exitCodeFor([unreachable, ok], false), 4);
  assert.equal(exitCodeFor([ok, changed, failed], true), 3);
  assert.equal(exitCodeFor([ok, rolled], false), 3);
  assert.equal(exitCodeFor([ok, changed, skipped], true), 2);
  assert.equal(exitCodeFor([ok, skipped], true), 0);
  assert.equal(exitCodeFor([], true), 0);
});

test('exit code: changes mean pending (2) only in check/drift; a run that changed is a success (0)', () => {
  const hosts = [result('a', 'ok'), result('b', 'changed')];
  assert.equal(exitCodeFor(hosts, true), ExitCode.pending);
  assert.equal(exitCodeFor(hosts, false), ExitCode.ok);
});
