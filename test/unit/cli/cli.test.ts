import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the real CLI entry point as users do. */
function tsprov(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/tsprov.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('validate: clean inventory and playbook → one-line summary, exit 0', () => {
  const r = tsprov('validate', '-i', 'inventories/example.yml', 'playbooks/bonding.yml');
  assert.equal(r.err, '');
  assert.equal(r.out, 'ok: 4 hosts, 5 groups, 1 play, 1 task\n');
  assert.equal(r.code, 0);
});

test('validate: every problem as file:line:col  path  message on stderr, exit 1', () => {
  const dir = 'test/golden/config/invalid/bond-lacp-wrong-mode';
  const r = tsprov('validate', '-i', `${dir}/inventory.yml`);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.equal(lines[0], `${dir}/inventory.yml:8:11  all.hosts.web1.bonds[0].lacp_rate  lacp_rate is only valid in mode 802.3ad; this bond uses balance-xor`);
  assert.equal(lines[3], '3 problems found');
});

test('validate: a host named like a group is a warning with its position, still exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-warn-'));
  writeFileSync(join(dir, 'inv.yml'), 'all:\n  children:\n    db:\n      hosts:\n        db1: {}\n  hosts:\n    db: {}\n');
  const r = tsprov('validate', '-i', join(dir, 'inv.yml'));
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'ok: 2 hosts, 2 groups\n');  // db sits only in all: ungrouped, as in Ansible
  assert.equal(r.err, `warning: ${join(dir, 'inv.yml')}:7:5  all.hosts.db  host "db" has the same name as a group: the pattern "db" selects the host and every host of the group\n`);
  // Every command that reads the inventory says it, on stderr, leaving stdout to its output.
  const inv = tsprov('inventory', '-i', join(dir, 'inv.yml'), '--list');
  assert.equal(inv.code, 0, inv.err);
  assert.equal(inv.err, r.err);
  assert.ok(JSON.parse(inv.out)._meta);
});

test('validate: problems from several files at once', () => {
  const r = tsprov('validate', '-i', 'test/golden/config/invalid/port-range/inventory.yml', 'test/golden/config/invalid/play-unknown-module/playbook.yml');
  assert.equal(r.code, 1);
  assert.match(r.err, /port-range\/inventory\.yml:4:21 {2}all\.hosts\.web1\.ansible_port {2}must be <= 65535/);
  assert.match(r.err, /playbook\.yml:4:7 {2}\[0\]\.tasks\[0\]\.bondd {2}unknown module "bondd"/);
});

test('validate without -i is a usage error', () => {
  const r = tsprov('validate');
  assert.equal(r.code, 1);
  assert.match(r.err, /no inventory given/);
});

test('inventory --list: ansible-inventory JSON with _meta.hostvars, secrets masked', () => {
  const r = tsprov('inventory', '-i', 'inventories/example.yml', '-i', 'test/golden/config/valid/secrets.yml', '--list');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.web, { hosts: ['web1', 'web2'] });
  assert.deepEqual(j.dc1, { children: ['web', 'db'] });
  assert.equal(j._meta.hostvars.db1.ansible_port, 2222);
  assert.equal(j._meta.hostvars.h1.db_password, '********');
  assert.ok(!r.out.includes('hunter2'));
});

test('inventory --list --limit filters hosts', () => {
  const j = JSON.parse(tsprov('inventory', '-i', 'inventories/example.yml', '--list', '-l', 'web:!web2').out);
  assert.deepEqual(Object.keys(j._meta.hostvars), ['web1']);
});

test('inventory --graph: the group tree', () => {
  const r = tsprov('inventory', '-i', 'inventories/seed.yml', '--graph');
  assert.equal(r.code, 0);
  assert.equal(r.out, '@all:\n  |--@bonded:\n  |  |--testbox\n');
});

test('inventory --host: resolved vars and labelled kernel defaults', () => {
  const r = tsprov('inventory', '-i', 'inventories/seed.yml', '--host', 'testbox');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^connection: ssh root@10\.1\.100\.63$/m);
  assert.match(r.out, /^bond bond0: mode balance-rr, slaves eth0, eth1$/m);
  assert.match(r.out, /^ {2}miimon: 100$/m);
  assert.match(r.out, /^ {2}updelay: 0 \(kernel default\)$/m);
  assert.doesNotMatch(r.out, /lacp_rate/, 'options the mode ignores are not listed');
  const unset = tsprov('inventory', '-i', 'test/golden/config/valid/secrets.yml', '--host', 'h1');
  assert.match(unset.out, /db_password: "\*{8}"/);
  assert.ok(!unset.out.includes('hunter2') && !unset.out.includes('abc123'));
});

test('inventory --host on an unknown host, and a pattern matching nothing, fail clearly', () => {
  const r = tsprov('inventory', '-i', 'inventories/seed.yml', '--host', 'nope');
  assert.equal(r.code, 1);
  assert.match(r.err, /no host named "nope"/);
  const p = tsprov('inventory', '-i', 'inventories/seed.yml', '--list', '-l', 'webz');
  assert.equal(p.code, 1);
  assert.match(p.err, /"webz" matches no host or group/);
});

test('unknown flags and commands exit 1; --help exits 0', () => {
  assert.equal(tsprov('validate', '--bogus', '-i', 'inventories/seed.yml').code, 1);
  assert.equal(tsprov('frobnicate').code, 1);
  assert.equal(tsprov('inventory', '-i', 'inventories/seed.yml', '--list', 'extra').code, 1);
  const h = tsprov('inventory', '--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /--inventory <file>/);
  assert.match(h.out, /--limit <pattern>/);
  assert.equal(tsprov('--help').code, 0);
});
