import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, formatProblem } from '../../../src/core/errors.ts';
import { SecretText } from '../../../src/core/secrets.ts';
import { HONOURED_ANSIBLE_VARS, UNSUPPORTED_VARS } from '../../../src/inventory/ansible-vars.ts';
import { checkProject, loadInventory, resolveHosts } from '../../../src/inventory/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import type { Host } from '../../../src/core/host.ts';

const FIX = 'test/golden/config/valid/connvars.yml';
const byName = (hosts: Host[]) => Object.fromEntries(hosts.map((h) => [h.name, h]));

test('every ssh/sudo var of ansible-core 2.14 is honoured or warned about, none in both lists', () => {
  const names = readFileSync('test/golden/ansible/ssh-connection-vars-2.14.txt', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(names.length >= 40, `only ${names.length} names`);
  for (const n of names) assert.ok(HONOURED_ANSIBLE_VARS.has(n) !== (UNSUPPORTED_VARS[n] !== undefined), `${n}: honoured=${HONOURED_ANSIBLE_VARS.has(n)} unsupported=${n in UNSUPPORTED_VARS}`);
});

test('legacy ansible_ssh_host/_port/_user are honoured', () => {
  const h = byName(resolveHosts(loadInventory([FIX])));
  assert.equal(h.legacy!.connection.address, '192.0.2.1');
  assert.equal(h.legacy!.connection.port, 2201);
  assert.equal(h.legacy!.connection.user, 'old');
});

test("both names set: the legacy one wins, as in Ansible, with a warning at the loser", () => {
  const inv = loadInventory([FIX]);
  const h = byName(resolveHosts(inv));
  assert.equal(h.both!.connection.address, '192.0.2.22');
  assert.equal(h.both!.connection.user, 'old');
  const lines = inv.warnings.map(formatProblem);
  assert.ok(lines.some((l) => /connvars\.yml:12:21 {2}all\.hosts\.both\.ansible_host {2}is overridden by ansible_ssh_host for host both/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /all\.hosts\.both\.ansible_user {2}is overridden by ansible_ssh_user/.test(l)));
});

test('ssh arg strings: options honoured; vars beat them; the first value among the strings wins', () => {
  const h = byName(resolveHosts(loadInventory([FIX])));
  const a = h.args!.connection;
  assert.equal(a.port, 2222, '-p in common args comes before -o Port=9 in extra args');
  assert.equal(a.user, 'argsuser');
  assert.equal(a.identityFile, '/keys/a');
  assert.equal(a.hostKeyChecking, 'accept-new');
  assert.equal(a.jump, 'j@bastion');
  assert.equal(a.connectTimeoutMs, 4000);
  assert.equal(a.knownHostsFile, undefined, "the host's own common args replace the group's whole string");
  const u = h.argsunder!.connection;
  assert.equal(u.port, 2300, 'ansible_port beats -p in args, as Ansible puts -o Port= first');
  assert.equal(u.user, 'varuser');
  const l = h.legacy!.connection;
  assert.equal(l.knownHostsFile, '/tmp/kh', 'group common args apply to a host without its own');
  assert.equal(l.keepaliveIntervalMs, 20000);
});

test('become vars: password as a masked secret, exe, passed flags only', () => {
  const s = byName(resolveHosts(loadInventory([FIX]))).sudo!.connection;
  assert.equal(s.become, true);
  assert.ok(s.becomePassword instanceof SecretText);
  assert.equal(s.becomePassword.reveal(), 's3cret-pw');
  assert.doesNotMatch(JSON.stringify(s) + inspect(s) + String(s.becomePassword), /s3cret/);
  assert.equal(s.becomeExe, '/usr/bin/sudo');
  assert.deepEqual(s.becomeFlags, ['-H']);
});

test('host key checking: ansible_host_key_checking false beats the args; timeout and retries honoured', () => {
  const h = byName(resolveHosts(loadInventory([FIX])));
  assert.equal(h.hkc!.connection.hostKeyChecking, 'off');
  assert.equal(h.timeouts!.connection.connectTimeoutMs, 3000);
  assert.equal(h.timeouts!.connection.connectRetries, 0);
});

test('validate: unsupported vars and options are positioned warnings naming them', () => {
  const r = checkProject([FIX], undefined, MODULE_CATALOG);
  assert.deepEqual(r.problems, []);
  const lines = r.inventory.warnings.map(formatProblem).join('\n');
  assert.match(lines, /connvars\.yml:4:30 {2}all\.vars\.ansible_ssh_common_args {2}-o ControlPersist=60s: recognised but not supported/);
  assert.match(lines, /connvars\.yml:10:7 {2}all\.hosts\.legacy\.ansible_ssh_pass {2}recognised but not supported \(password login is not offered/);
  assert.match(lines, /all\.hosts\.sudo\.ansible_ssh_pipelining {2}recognised but not supported \(no effect/);
  assert.match(lines, /all\.hosts\.sudo\.ansible_become_flags {2}sudo flag -i is recognised but not supported/);
  assert.doesNotMatch(lines, /hunter2|s3cret/);
});

test('CLI defaults sit below every inventory var (Ansible: -u loses to ansible_user) but above the arg strings', () => {
  const inv = loadInventory([FIX]);
  const h = byName(resolveHosts(inv, inv.hosts, { user: 'cli', identityFile: '/cli/key', become: true, becomeUser: 'admin', sshCommonArgs: '-p 7000' }));
  assert.equal(h.legacy!.connection.user, 'old');
  assert.equal(h.timeouts!.connection.user, 'cli');
  assert.equal(h.args!.connection.user, 'cli', 'Ansible puts -o User=<-u> ahead of ssh_common_args');
  assert.equal(h.args!.connection.identityFile, '/cli/key');
  assert.equal(h.timeouts!.connection.become, true);
  assert.equal(h.timeouts!.connection.becomeUser, 'admin');
  assert.equal(h.timeouts!.connection.port, undefined, 'the inventory\'s ansible_ssh_common_args replaces --ssh-common-args');
});

test('--ssh-common-args applies where the inventory sets none; ansible_become: no beats -b', () => {
  const dir = mkdtempSync(join(tmpdir(), 'connvars-'));
  const file = join(dir, 'inv.yml');
  writeFileSync(file, 'all:\n  hosts:\n    a:\n    b:\n      ansible_become: no\n');
  const h = byName(resolveHosts(loadInventory([file]), ['a', 'b'], { sshCommonArgs: '-p 7000 -o UserKnownHostsFile=/x', become: true }));
  assert.equal(h.a!.connection.port, 7000);
  assert.equal(h.a!.connection.knownHostsFile, '/x');
  assert.equal(h.a!.connection.become, true);
  assert.equal(h.b!.connection.become, false);
});

test('refused: a become method other than sudo, a bad ssh option value, become_password_env with a password', () => {
  const dir = mkdtempSync(join(tmpdir(), 'connvars-'));
  const file = join(dir, 'inv.yml');
  writeFileSync(file, [
    'all:', '  hosts:', '    a:', '      ansible_become_method: su', '    b:', '      ansible_ssh_extra_args: "-o Port=0"',
    '    c:', '      become_password_env: PW', '      ansible_become_pass: x', '',
  ].join('\n'));
  const r = checkProject([file], undefined, MODULE_CATALOG);
  assert.deepEqual(r.problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}`), [
    '4:30 all.hosts.a.ansible_become_method become method "su" is recognised but not supported: tsprov escalates only with sudo (set ansible_become_method: sudo, or leave it out)',
    '6:31 all.hosts.b.ansible_ssh_extra_args -o Port=0: port must be 1-65535, got "0"',
    '8:28 all.hosts.c.become_password_env conflicts with ansible_become_pass; set only one of become_password_env / ansible_become_pass',
  ]);
  assert.throws(() => resolveHosts(loadInventory([file])), ConfigError);
});
