import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, TsprovError } from '../../../src/core/errors.ts';
import { hostBackend, hostBonds, isSecretKey, loadInventory, maskSecrets, resolveHosts, selectHosts } from '../../../src/inventory/index.ts';

const V = 'test/golden/config/valid';
const host = (file: string, name: string) => {
  const inv = loadInventory([file]);
  return resolveHosts(inv, [name])[0]!;
};

test('precedence: all < parent < child < host', () => {
  const h1 = host(`${V}/precedence.yml`, 'h1');
  assert.equal(h1.vars.level, 'host');
  assert.equal(h1.vars.only_all, 1);
  assert.equal(h1.vars.only_parent, 2);
  assert.deepEqual(h1.groups, ['parent', 'child']);
  assert.equal(host(`${V}/precedence.yml`, 'h2').vars.level, 'child');
  assert.equal(host(`${V}/precedence.yml`, 'loner').vars.level, 'all');
});

test('precedence: sibling groups of one depth merge by name, later name wins', () => {
  // h2 is in zeta (defined first) and alpha (defined later): zeta > alpha alphabetically, so zeta wins.
  assert.equal(host(`${V}/precedence.yml`, 'h2').vars.sibling, 'zeta');
  assert.equal(host(`${V}/precedence.yml`, 'h3').vars.sibling, 'alpha');
});

test('a later inventory file overrides an earlier one', () => {
  const inv = loadInventory([`${V}/precedence.yml`, `${V}/secrets.yml`]);
  const [h1] = resolveHosts(inv, ['h1']);
  assert.equal(h1!.vars.level, 'host');
  assert.equal(h1!.vars.login, 'admin');
  assert.deepEqual(h1!.vars.secret_vars, ['api_key']);
});

test('a plain Ansible inventory loads unchanged, aliases resolved', () => {
  const inv = loadInventory([`${V}/ansible.yml`]);
  assert.deepEqual(inv.hosts, ['www1.example.com', 'www2.example.com', 'db1.example.com', 'control']);
  const [www1, www2, db1, control] = resolveHosts(inv);
  assert.deepEqual(www1!.connection, {
    type: 'ssh', address: 'www1.example.com', user: 'ops', identityFile: '~/.ssh/id_ed25519', become: false, jump: 'jump@bastion:2222',
    // -o StrictHostKeyChecking=no in ansible_ssh_common_args is honoured, as ssh would.
    hostKeyChecking: 'off',
  });
  assert.equal(www2!.connection.port, 2222);
  assert.equal(db1!.connection.address, '192.0.2.10');
  assert.equal(db1!.connection.become, true);
  assert.equal(db1!.connection.becomeUser, 'postgres');
  assert.equal(control!.connection.type, 'local');
  assert.equal(control!.connection.connectTimeoutMs, 2500);
});

test('seed inventory: bond0 normalised exactly, nothing injected', () => {
  const h = host('inventories/seed.yml', 'testbox');
  assert.equal(hostBackend(h), 'ifupdown-legacy');
  assert.deepEqual(hostBonds(h), [
    {
      name: 'bond0',
      mode: 'balance-rr',
      slaves: ['eth0', 'eth1'],
      options: { miimon: 100 },
      addressing: { method: 'static', addresses: ['10.1.100.63/24'], gateway: '10.1.100.1' },
      hwaddress: '00:02:B3:48:50:2C',
      slave_drivers: { eth0: 'e100', eth1: 'e100' },
    },
  ]);
});

test('example inventory: dhcp, manual and dual-stack addressing', () => {
  const inv = loadInventory(['inventories/example.yml']);
  const [web1, , db1] = resolveHosts(inv);
  assert.equal(hostBonds(web1!)[0]!.options.primary, 'eth0');
  const [b0, b1] = hostBonds(db1!);
  assert.deepEqual(b0!.addressing, { method: 'static', addresses: ['10.10.2.20/24', '2001:db8:2::20/64'], gateway: '10.10.2.1', gateway6: '2001:db8:2::1' });
  assert.deepEqual(b1!.addressing, { method: 'dhcp' });
  assert.equal(hostBackend(db1!), 'ifupdown');
  assert.equal(hostBackend(web1!), undefined);
  assert.equal(db1!.connection.jump, 'ops@bastion.example.com');
});

test('secrets: by name pattern and by secret_vars, at any depth', () => {
  const h = host(`${V}/secrets.yml`, 'h1');
  assert.ok(isSecretKey('db_password', h));
  assert.ok(isSecretKey('api_key', h));
  assert.ok(!isSecretKey('login', h));
  const m = maskSecrets(h.vars);
  assert.equal(m.api_key, '********');
  assert.equal(m.db_password, '********');
  assert.deepEqual(m.nested, { auth_token: '********', plain: 'visible' });
  assert.equal(m.login, 'admin');
  assert.equal(h.vars.db_password, 'hunter2', 'masking copies, never mutates');
});

test('patterns: names, groups, globs, union, intersection, exclusion', () => {
  const inv = loadInventory(['inventories/example.yml']);
  assert.deepEqual(selectHosts(inv, 'all'), ['web1', 'web2', 'db1', 'backup1']);
  assert.deepEqual(selectHosts(inv, 'web'), ['web1', 'web2']);
  assert.deepEqual(selectHosts(inv, 'db1:web2'), ['web2', 'db1'], 'inventory order, not pattern order');
  assert.deepEqual(selectHosts(inv, 'web*'), ['web1', 'web2']);
  assert.deepEqual(selectHosts(inv, 'web?'), ['web1', 'web2']);
  assert.deepEqual(selectHosts(inv, 'dc1:&web'), ['web1', 'web2']);
  assert.deepEqual(selectHosts(inv, 'dc1:!web'), ['db1']);
  assert.deepEqual(selectHosts(inv, 'datacenters,!dc2'), ['web1', 'web2', 'db1']);
  assert.deepEqual(selectHosts(inv, '!web1'), ['web2', 'db1', 'backup1']);
  assert.deepEqual(selectHosts(inv, 'dc*:&db*'), ['db1'], 'a glob matches group names too');
  assert.deepEqual(selectHosts(inv, 'backup?:web1'), ['web1', 'backup1']);
  // ~regex, anchored at the start like Ansible's re.match; it may hold ':' when ',' separates.
  assert.deepEqual(selectHosts(inv, '~(web|db)\\d'), ['web1', 'web2', 'db1']);
  assert.throws(() => selectHosts(inv, '~eb'), /"~eb" matches no host/, 'not a search: "eb" starts no name');
  assert.deepEqual(selectHosts(inv, '~.*eb'), ['web1', 'web2']);
});

test('patterns: nothing matched or bad syntax is a clear error', () => {
  const inv = loadInventory(['inventories/example.yml']);
  assert.throws(() => selectHosts(inv, 'webb'), (e: unknown) => e instanceof TsprovError && /"webb" matches no host or group/.test(e.message));
  assert.throws(() => selectHosts(inv, 'web:&'), /empty term/);
  assert.throws(() => selectHosts(inv, 'web;id'), /invalid term/);
  assert.throws(() => selectHosts(inv, '~web(['), /invalid regex "~web\(\[" in host pattern/);
  assert.deepEqual(selectHosts(inv, '~(?:web|x:y)1,db1'), ['web1', 'db1'], 'commas split, so the regex keeps its colon');
});

test('loadInventory throws ConfigError carrying every problem', () => {
  assert.throws(
    () => loadInventory(['test/golden/config/invalid/bond-lacp-wrong-mode/inventory.yml']),
    (e: unknown) => e instanceof ConfigError && e.problems.length === 3,
  );
});
