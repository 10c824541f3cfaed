/** -e/--extra-vars: the three forms, order, checks where written, usage errors naming the word. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, TsprovError, type SourceProblem } from '../../../src/core/errors.ts';
import { loadExtraVars } from '../../../src/inventory/extra-vars.ts';
import { loadInventory, resolveVars } from '../../../src/inventory/index.ts';
import type { SourceFile } from '../../../src/config/source.ts';

function load(...args: string[]): { vars: Record<string, unknown>; problems: string[] } {
  const problems: SourceProblem[] = [];
  const sources: SourceFile[] = [];
  const layer = loadExtraVars(args, problems, sources);
  return { vars: layer.vars, problems: problems.map(formatProblem) };
}

const usageError = (arg: string): string => {
  try {
    load(arg);
  } catch (e) {
    assert.ok(e instanceof TsprovError && e.code === 'E_USAGE', String(e));
    return e.message;
  }
  return assert.fail(`no error for ${arg}`);
};

describe('-e/--extra-vars', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tsprov-ev-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('k=v words are shlex-split and stay strings, as in Ansible; # is text', () => {
    assert.deepEqual(load(`a=1 b='two words' c="x=y" d= pw=ab#c`).vars, { a: '1', b: 'two words', c: 'x=y', d: '', pw: 'ab#c' });
  });

  it('digits for an integer connection var become the number, as Ansible converts them later; nothing else does', () => {
    assert.deepEqual(load('ansible_port=22 ansible_ssh_port=2200 port=2222 ansible_ssh_retries=3 site=22').vars, { ansible_port: 22, ansible_ssh_port: 2200, port: 2222, ansible_ssh_retries: 3, site: '22' });
    assert.deepEqual(load('ansible_port=22x').problems, ['-e #1:1:14  ansible_port  must be an integer; got "22x"']);
    assert.deepEqual(load('ansible_port=0').problems, ['-e #1:1:14  ansible_port  must be >= 1; got 0']);
    assert.deepEqual(load('{"ansible_port": "22"}').problems, ['-e #1:1:18  ansible_port  must be an integer; got "22"'], 'a string written as one in YAML stays one');
  });

  it('YAML and JSON mappings keep their types; later -e beat earlier, key by key', () => {
    const r = load('{"a": 1, "b": [1, 2]}', 'b: [3]', 'c=x');
    assert.deepEqual(r.vars, { a: 1, b: [3], c: 'x' });
    assert.deepEqual(r.problems, []);
  });

  it('@file: YAML or JSON; a YAML error in it is file:line:col', () => {
    writeFileSync(join(dir, 'ok.json'), '{"site": "fra1"}');
    writeFileSync(join(dir, 'bad.yml'), 'a: 1\nb: [1,\n');
    assert.deepEqual(load(`@${join(dir, 'ok.json')}`).vars, { site: 'fra1' });
    const bad = load(`@${join(dir, 'bad.yml')}`);
    assert.deepEqual(bad.problems, [`${join(dir, 'bad.yml')}:3:1  b  invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`]);
  });

  it('@file missing, or not a mapping: a problem naming the file', () => {
    assert.deepEqual(load(`@${join(dir, 'nope.yml')}`).problems, [`${join(dir, 'nope.yml')}:1:1  (root)  cannot read file: ENOENT`]);
    writeFileSync(join(dir, 'list.yml'), '- a\n- b\n');
    assert.deepEqual(load(`@${join(dir, 'list.yml')}`).problems, [`${join(dir, 'list.yml')}:1:1  (root)  extra vars must be a mapping of var names to values; got a list`]);
  });

  it('values are checked by the inventory rules, positioned inside the argument', () => {
    assert.deepEqual(load('x=1 backend=systemd').problems, ['-e #1:1:13  backend  must be one of ifupdown, ifupdown-legacy, netplan, networkd, nm, ifcfg; got "systemd"']);
    const bonds = load('{"bonds": [{"name": "bond0", "mode": "balance-xor", "slaves": ["eth0", "eth1"], "lacp_rate": "fast"}]}');
    assert.deepEqual(bonds.problems, ['-e #1:1:81  bonds[0].lacp_rate  lacp_rate is only valid in mode 802.3ad; this bond uses balance-xor']);
  });

  it('an invalid k=v word is a usage error naming the word; a secret value in it is masked', () => {
    assert.equal(usageError('a=1 oops'), '-e "oops": not a k=v word (give k=v words, a YAML or JSON mapping, or @FILE)');
    // A word with no name is all value (`-e "$NAME=$PW"` with NAME unset): never echoed.
    assert.equal(usageError('=x'), '-e #1: a k=v word needs a var name before "=" (write NAME=VALUE; the value is not shown, it may be a secret)');
    assert.equal(usageError('a=1 =Hunter2-pw'), '-e #1, word 2: a k=v word needs a var name before "=" (write NAME=VALUE; the value is not shown, it may be a secret)');
    // The rest of an unquoted password with a space is not echoed either.
    assert.equal(usageError('db_password=Hunter2 pw-rest'), `-e #1, word 2: not a k=v word, and it follows the secret db_password= (not shown): if the value holds a space, quote it: -e "db_password='…'"`);
    assert.equal(usageError('1a=x'), '-e "1a=x": "1a" is not a var name (letters, digits and _, not starting with a digit)');
    assert.equal(usageError('db-password=hunter2'), '-e "db-password=********": "db-password" is not a var name (letters, digits and _, not starting with a digit)');
    assert.equal(usageError("a='open"), '-e #1: cannot split into k=v words: No closing quotation (at character 3)');
    assert.equal(usageError('./vars.yml'), '-e "./vars.yml": to read vars from a file, put @ before its name: -e @./vars.yml');
  });

  it('-e is the top layer of every host: it beats host and group vars', () => {
    writeFileSync(join(dir, 'inv.yml'), 'all:\n  vars: {site: group}\n  hosts:\n    h1: {site: host, keep: yes}\n');
    const inv = loadInventory([join(dir, 'inv.yml')], ['site=cli']);
    assert.deepEqual(resolveVars(inv, 'h1').vars, { site: 'cli', keep: true });
  });

  it('a secret from -e is hidden in every problem, even one about another var', () => {
    writeFileSync(join(dir, 'inv2.yml'), 'all:\n  hosts:\n    h1: {}\n');
    assert.throws(
      () => loadInventory([join(dir, 'inv2.yml')], ['api_token=s3cr3t-XYZ', '{"backend": "s3cr3t-XYZ"}']),
      (e: Error) => !e.message.includes('s3cr3t-XYZ') && /-e #2:1:13  backend  .*got "\*{8}"/.test(e.message),
    );
  });
});
