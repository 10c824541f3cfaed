import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionAt } from '../../../src/core/text-position.ts';

test('positionAt: 1-based line and column, a newline ends its own line', () => {
  assert.deepEqual(positionAt('ab\ncd', 0), { line: 1, col: 1 });
  assert.deepEqual(positionAt('ab\ncd', 2), { line: 1, col: 3 });
  assert.deepEqual(positionAt('ab\ncd', 3), { line: 2, col: 1 });
  assert.deepEqual(positionAt('ab\ncd', 5), { line: 2, col: 3 });
  assert.deepEqual(positionAt('\n\n', 2), { line: 3, col: 1 });
});
