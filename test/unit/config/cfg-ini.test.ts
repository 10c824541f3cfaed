import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceProblem } from '../../../src/core/errors.ts';
import { cfgGet, parseCfg } from '../../../src/config/cfg-ini.ts';

const parse = (text: string) => {
  const problems: SourceProblem[] = [];
  return { cfg: parseCfg('a.cfg', text, problems), problems };
};

test('configparser syntax: = and :, lower-cased keys, # and ; comments, inline ; only after whitespace', () => {
  const { cfg, problems } = parse('# top\n; also a comment\n[defaults]\nForks = 5\nremote_user: ops\nroles_path = a;b ; trailing comment\nvault = x # not a comment\n  # indented comment\n[ssh_connection]\nssh_args=-o X=1\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(cfg.entries.map((e) => [e.section, e.key, e.value, e.line, e.col]), [
    ['defaults', 'forks', '5', 4, 9],
    ['defaults', 'remote_user', 'ops', 5, 14],
    ['defaults', 'roles_path', 'a;b', 6, 14],
    ['defaults', 'vault', 'x # not a comment', 7, 9],
    ['ssh_connection', 'ssh_args', '-o X=1', 10, 10],
  ]);
});

test('indented lines continue a value; empty lines inside are kept, trailing ones trimmed; an empty value is ""', () => {
  const { cfg, problems } = parse('[defaults]\ninventory = a,\n   b\n\n   c\n\nempty =\n');
  assert.deepEqual(problems, []);
  assert.equal(cfgGet(cfg, 'defaults', 'inventory')?.value, 'a,\nb\n\nc');
  assert.equal(cfgGet(cfg, 'defaults', 'empty')?.value, '');
});

test('[DEFAULT] keys are seen in every section, a section\'s own key first', () => {
  const { cfg } = parse('[DEFAULT]\nforks = 2\ntimeout = 9\n[defaults]\ntimeout = 3\n');
  assert.equal(cfgGet(cfg, 'defaults', 'forks')?.value, '2');
  assert.equal(cfgGet(cfg, 'defaults', 'timeout')?.value, '3');
});

test('what configparser refuses is a positioned problem: key before a section, no delimiter, duplicates', () => {
  const { problems } = parse('forks = 1\n[defaults]\njust words\nforks = 2\nFORKS = 3\n[defaults]\n');
  assert.deepEqual(problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}`), [
    '1:1  a key before any [section] header (an ansible.cfg starts with e.g. [defaults])',
    '3:1 defaults expected "key = value" (or "key: value"), got "just words"',
    '5:1 defaults.forks key forks appears twice in [defaults] (configparser, and so Ansible, refuses this)',
    '6:1 defaults section [defaults] appears twice (configparser, and so Ansible, refuses this)',
  ]);
});
