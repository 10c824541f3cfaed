import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, formatProblem, type SourceProblem } from '../../../src/core/errors.ts';
import { collectInventory, hostBonds, loadInventory, resolveHosts } from '../../../src/inventory/index.ts';

/** A fresh folder holding `files` (path → text); returns its path. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-src-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const problemsOf = (args: string[]): string[] => {
  const problems: SourceProblem[] = [];
  collectInventory(args, problems);
  return problems.map(formatProblem);
};

const BOND = 'bonds:\n  - name: bond0\n    mode: active-backup\n    slaves: [eth0, eth1]\n    miimon: 100\n';

test('group_vars/ and host_vars/ beside the inventory reach the host: its bonds are no longer lost', () => {
  const dir = tree({
    'inventory.ini': '[web]\nweb1\nweb2\n',
    'group_vars/web.yml': BOND,
    'host_vars/web2/net.yml': 'bonds: []\n',
  });
  const hosts = resolveHosts(loadInventory([join(dir, 'inventory.ini')]));
  const byName = new Map(hosts.map((h) => [h.name, h]));
  assert.deepEqual(hostBonds(byName.get('web1')!).map((b) => [b.name, b.mode, b.slaves]), [['bond0', 'active-backup', ['eth0', 'eth1']]]);
  assert.deepEqual(hostBonds(byName.get('web2')!), [], 'host_vars replace the group list whole');
});

test('a mistake in a group_vars file is reported at its line and column in that file', () => {
  const dir = tree({ 'hosts.yml': 'web:\n  hosts:\n    web1:\n', 'group_vars/web/bond.yaml': BOND.replace('miimon: 100', 'miimon: -1'), 'host_vars/web1': 'ansible_port: 99999\n' });
  const got = problemsOf([join(dir, 'hosts.yml')]);
  assert.ok(got.some((l) => l.startsWith(`${join(dir, 'group_vars/web/bond.yaml')}:5:13  bonds[0].miimon`)), got.join('\n'));
  assert.ok(got.some((l) => l.startsWith(`${join(dir, 'host_vars/web1')}:1:15  ansible_port  must be <= 65535`)), got.join('\n'));
});

test('vars files that apply to nothing, or that Ansible would not read, are warnings', () => {
  const dir = tree({ 'hosts': '[web]\nweb1\n', 'group_vars/webz.yml': 'a: 1\n', 'group_vars/web.yml': 'a: 1\n', 'group_vars/web.yaml': 'a: 2\n' });
  const inv = loadInventory([join(dir, 'hosts')]);
  const w = inv.warnings.map(formatProblem);
  assert.ok(w.some((l) => l.includes('group_vars/webz.yml:1:1') && l.includes('no group named "webz"')), w.join('\n'));
  assert.ok(w.some((l) => l.includes('group_vars/web.yaml:1:1') && l.includes('not read: web.yml holds the vars of group web')), w.join('\n'));
  assert.equal(resolveHosts(inv)[0]!.vars.a, 1);
});

test('a value merged in with <<: *anchor is located where the anchor wrote it', () => {
  const dir = tree({ 'inv.yml': 'all:\n  vars:\n    base: &base\n      ansible_port: 0\n  hosts:\n    web1:\n      <<: *base\n' });
  const got = problemsOf([join(dir, 'inv.yml')]);
  // The host's own map has no ansible_port node; the error still points at the line writing 0.
  assert.ok(got.some((l) => /inv\.yml:4:21 {2}all\.hosts\.web1\.ansible_port {2}must be >= 1/.test(l)), got.join('\n'));
});

test('YAML 1.1 as Ansible reads it: yes/no booleans, 0644 octal, y stays a string', () => {
  const dir = tree({ 'inv.yml': 'all:\n  hosts:\n    h1:\n      ansible_become: yes\n      gather: no\n      mode: 0644\n      answer: y\n' });
  const [h] = resolveHosts(loadInventory([join(dir, 'inv.yml')]));
  assert.deepEqual([h!.vars.ansible_become, h!.vars.gather, h!.vars.mode, h!.vars.answer], [true, false, 420, 'y']);
  assert.equal(h!.connection.type === 'ssh' && h!.connection.become, true);
});

test('host lists and several -i: ports, positions inside the argument, later sources win', () => {
  const dir = tree({ 'a.yml': 'all:\n  hosts:\n    h1: {who: a}\n', 'b.ini': 'h1 who=b\n' });
  const inv = loadInventory([join(dir, 'a.yml'), join(dir, 'b.ini'), 'h2:2222,h3,']);
  const hosts = resolveHosts(inv);
  assert.deepEqual(hosts.map((h) => [h.name, h.vars.who ?? h.vars.ansible_port ?? null]), [['h1', 'b'], ['h2', 2222], ['h3', null]]);
  assert.deepEqual(inv.groups.get('ungrouped')!.hosts, ['h1', 'h2', 'h3']);
  assert.deepEqual(problemsOf(['ok,bad:99999,']), ['-i "ok,bad:99999,":1:4  ungrouped.hosts.bad.ansible_port  must be <= 65535; got 99999']);
});

test('an inventory directory: files in sorted order, .ini and README.md skipped, sub-directories read', () => {
  const dir = tree({
    'inv/01.yml': 'web:\n  hosts:\n    web1: {n: 1}\n',
    'inv/02': '[web]\nweb1 n=2\n',
    'inv/03.ini': '[skipped]\nnever\n',
    'inv/README.md': 'all:\n  hosts:\n    never2:\n',
    'inv/sub/04.yaml': 'db:\n  hosts:\n    db1:\n',
    'inv/group_vars/db.yml': 'engine: pg\n',
  });
  const hosts = resolveHosts(loadInventory([join(dir, 'inv')]));
  assert.deepEqual(hosts.map((h) => [h.name, h.vars.n ?? h.vars.engine]), [['web1', 2], ['db1', 'pg']]);
});

test('a file with no extension is YAML when it reads as YAML, else INI; each reports its own errors', () => {
  const yamlish = tree({ inv: 'all:\n  hosts:\n    h1:\n      ansible_port: [\n' });
  assert.match(problemsOf([join(yamlish, 'inv')])[0]!, /inv:\d+:\d+ .*invalid YAML/);
  const iniish = tree({ inv: '[web]\nh1 ansible_port=x=1 bad\n' });
  assert.deepEqual(problemsOf([join(iniish, 'inv')]).sort(), [
    `${join(iniish, 'inv')}:2:17  web.hosts.h1.ansible_port  must be an integer; got "x=1"`,
    `${join(iniish, 'inv')}:2:21  web.hosts.h1  expected key=value after the host name, got "bad"`,
  ]);
});

test('a range error in YAML and INI points at the host key', () => {
  const dir = tree({ 'a.yml': 'all:\n  hosts:\n    web[01:3]:\n', 'b.ini': '[web]\n  web[01:3] x=1\n' });
  assert.throws(() => loadInventory([join(dir, 'a.yml'), join(dir, 'b.ini')]), (e: unknown) => {
    const lines = (e as ConfigError).problems.map(formatProblem);
    assert.ok(lines.some((l) => l.startsWith(`${join(dir, 'a.yml')}:3:5  all.hosts.web[01:3]  invalid host range`)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${join(dir, 'b.ini')}:2:3  web.hosts.web[01:3]  invalid host range`)), lines.join('\n'));
    return true;
  });
});

test('ansible_group_priority orders groups of one depth and is not a var; a bad one is an error', () => {
  const dir = tree({ 'inv.ini': '[a]\nh1\n[z]\nh1\n[a:vars]\nansible_group_priority=5\nv=a\n[z:vars]\nv=z\n', 'bad.yml': 'g:\n  vars:\n    ansible_group_priority: high\n' });
  const [h] = resolveHosts(loadInventory([join(dir, 'inv.ini')]));
  assert.equal(h!.vars.v, 'a');
  assert.equal('ansible_group_priority' in h!.vars, false);
  assert.deepEqual(problemsOf([join(dir, 'bad.yml')]), [`${join(dir, 'bad.yml')}:3:29  g.vars.ansible_group_priority  must be an integer; got "high"`]);
});
