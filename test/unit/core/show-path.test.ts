/** The one helper for a user path in a message (core/show-path.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem } from '../../../src/core/errors.ts';
import { escapeControls, showPath } from '../../../src/core/show-path.ts';

test('showPath: plain paths unchanged; newline, ESC and U+2028 JSON-quoted', () => {
  assert.equal(showPath('inv/hosts.yml'), 'inv/hosts.yml');
  assert.equal(showPath('a\nb.yml'), '"a\\nb.yml"');
  assert.equal(showPath('\u001b[31mred.yml'), '"\\u001b[31mred.yml"');
  assert.equal(showPath('x\u2028y'), '"x\\u2028y"');
  assert.equal(escapeControls('bad \u0007 bell'), 'bad \\u0007 bell');
});

test('formatProblem quotes a file name that could forge a second message line', () => {
  const line = formatProblem({ file: 'x.yml\nfake.yml:1:1  all  ok', line: 2, col: 3, path: 'all', message: 'm' });
  assert.equal(line, '"x.yml\\nfake.yml:1:1  all  ok":2:3  all  m');
  assert.equal(line.split('\n').length, 1);
});
