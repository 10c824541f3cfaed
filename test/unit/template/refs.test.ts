import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certainRefs } from '../../../src/template/index.ts';

const names = (text: string) => {
  const r = certainRefs(text);
  return r && Object.fromEntries(r);
};

test('certainRefs: every name a render always reads, with the offset of its first such use', () => {
  assert.deepEqual(names('{{ a }}-{{ b.c | default(d) }}'), { a: 3, b: 11, d: 25 });
  // A test reads its input even when it is `defined`: the var is rendered to look at it.
  assert.deepEqual(names('{{ x is defined }}'), { x: 3 });
  assert.deepEqual(names('{{ m[k] ~ (p + q) }}'), { m: 3, k: 5, p: 11, q: 15 });
});

test('certainRefs: names that evaluation may skip are left out', () => {
  assert.deepEqual(names('{{ a if c else b }}'), { c: 8 });
  assert.deepEqual(names('{{ a and b }}{{ c or d }}'), { a: 3, c: 16 });
  // A comparison chain stops at its first false link.
  assert.deepEqual(names('{{ a < b < c }}'), { a: 3, b: 7 });
});

test('certainRefs: text that does not parse has no answer (checkTemplate reports it)', () => {
  assert.equal(certainRefs('{{ a | }}'), undefined);
  assert.equal(certainRefs('{% if a %}x{% endif %}'), undefined);
  assert.deepEqual(names('no markup at all'), {});
});
