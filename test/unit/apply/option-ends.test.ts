/** Package tools get `--` before their operands, so a name can never be read as an option. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageCommand } from '../../../src/engine/apply/changes.ts';
import { PROBE_SCRIPT } from '../../../src/facts/probe-script.ts';

test('dnf install and remove put -- before the package names', () => {
  assert.equal(packageCommand('dnf', true, ['ifenslave', 'vim']), 'dnf install -y -- ifenslave vim');
  assert.equal(packageCommand('dnf', false, ['vim']), 'dnf remove -y -- vim');
});

test('apt-get install and remove put -- before the package names', () => {
  assert.match(packageCommand('apt', true, ['vim']), / -- vim$/);
  assert.match(packageCommand('apt', false, ['vim']), /apt-get remove -y -- vim$/);
});

test("the probe's rpm and dpkg-query queries end their options with -- before the names", () => {
  const rpm = PROBE_SCRIPT.split('\n').find((l) => l.includes(' rpm -q '));
  assert.ok(rpm, 'the probe has an rpm -q line');
  assert.match(rpm, / -- NetworkManager /);
  assert.ok(rpm.indexOf(' -- ') > rpm.indexOf('--qf'), 'the -- comes after the options');
  const dpkg = PROBE_SCRIPT.split('\n').find((l) => l.includes('dpkg-query -W'));
  assert.match(dpkg ?? '', / -- ifenslave /);
});
