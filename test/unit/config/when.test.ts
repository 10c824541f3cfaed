import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateWhen, parseCondition } from '../../../src/config/when.ts';

const vars = { os: 'debian', bonded: true, off: false, empty: '', roles: ['web', 'db'], facts: { kernel: { bonding: 'm' } }, n: 3 };

test('when: every supported form', () => {
  assert.equal(evaluateWhen('bonded', vars), true);
  assert.equal(evaluateWhen('not bonded', vars), false);
  assert.equal(evaluateWhen('off', vars), false);
  assert.equal(evaluateWhen('empty', vars), false);
  assert.equal(evaluateWhen("os == 'debian'", vars), true);
  assert.equal(evaluateWhen('os != "debian"', vars), false);
  assert.equal(evaluateWhen('n == 3', vars), true);
  assert.equal(evaluateWhen('missing is defined', vars), false);
  assert.equal(evaluateWhen('missing is not defined', vars), true);
  assert.equal(evaluateWhen("'web' in roles", vars), true);
  assert.equal(evaluateWhen("'mail' in roles", vars), false);
  assert.equal(evaluateWhen("facts.kernel.bonding == 'm'", vars), true);
  assert.equal(evaluateWhen("missing == 'x'", vars), false);
  assert.equal(evaluateWhen(undefined, vars), true);
});

test('when: a list means all must hold', () => {
  assert.equal(evaluateWhen(['bonded', "os == 'debian'"], vars), true);
  assert.equal(evaluateWhen(['bonded', 'off'], vars), false);
});

test('when: no eval, unsupported syntax and undefined truthy vars are errors', () => {
  for (const bad of ['os == debian', "process.exit(1)", 'a and b', "os == 'x' or 1", '', 'true']) {
    assert.throws(() => parseCondition(bad), /unsupported condition/, bad);
  }
  assert.throws(() => evaluateWhen('nothere', vars), /undefined variable nothere/);
});
