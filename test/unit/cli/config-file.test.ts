import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { applyConfig } from '../../../src/cli/config-file.ts';
import { connectionDefaults } from '../../../src/cli/connection-flags.ts';
import { withInventoryFlags } from '../../../src/cli/context.ts';
import { withConnectionFlags } from '../../../src/cli/run-setup.ts';
import { parseConfigText } from '../../../src/config/defaults-file.ts';
import { loadInventory, resolveHosts } from '../../../src/inventory/index.ts';

const BIN = resolve('bin/tsprov.js');

/** A project directory with its own HOME, run from inside it with no config env vars of this machine. */
function project(files: Record<string, string>): { dir: string; home: string; run: (args: string[], env?: Record<string, string>) => { code: number | null; out: string; err: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-cfgcli-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
  const { TSPROV_CONFIG: _a, ANSIBLE_CONFIG: _b, ...base } = process.env;
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...base, HOME: home, ...env } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  return { dir, home, run };
}

const INV = 'all:\n  hosts:\n    web1: {ansible_host: 127.0.0.1, ansible_port: 1, ansible_ssh_retries: 0}\n    db1: {ansible_host: 127.0.0.1, ansible_port: 1, ansible_ssh_retries: 0, ansible_user: dbadmin}\n';

test('precedence: a flag given wins over the file; the file fills only flags not given; inventory vars beat both, as -u', () => {
  const cmd = withConnectionFlags(withInventoryFlags(new Command('x'))).exitOverride();
  cmd.parse(['-u', 'cli-user', '-i', 'cli.yml'], { from: 'user' });
  const flags = cmd.opts();
  const { config } = parseConfigText('/p/tsprov.cfg', '[defaults]\nremote_user = file-user\ninventory = file.yml\nforks = 3\ntimeout = 7\nprivate_key_file = k\nhost_key_checking = off\n', 'tsprov-ini', { cwd: '/p', home: '/h', env: {} });
  const filled = applyConfig(cmd, flags, config);
  assert.deepEqual(filled, ['private_key_file', 'forks', 'host_key_checking', 'timeout']);
  assert.equal(flags.user, 'cli-user');
  assert.deepEqual(flags.inventory, ['cli.yml']);
  assert.equal(flags.forks, '3');
  assert.equal(flags.connectTimeout, '7');
  assert.equal(flags.privateKey, '/p/k');
  assert.equal(flags.hostKeyChecking, 'off');

  const cmd2 = withConnectionFlags(withInventoryFlags(new Command('y'))).exitOverride();
  cmd2.parse([], { from: 'user' });
  const f2 = cmd2.opts();
  applyConfig(cmd2, f2, config);
  assert.equal(f2.user, 'file-user');
  const file = join(mkdtempSync(join(tmpdir(), 'tsprov-cfgprec-')), 'inv.yml');
  writeFileSync(file, 'all:\n  hosts:\n    a: {}\n    b: {ansible_user: theirs}\n');
  const inv = loadInventory([file]);
  const [a, b] = resolveHosts(inv, ['a', 'b'], connectionDefaults(f2, () => {}));
  assert.equal(a!.connection.user, 'file-user');
  assert.equal(b!.connection.user, 'theirs');
});

test('host_key_checking = True asks for nothing beyond the default (ssh_config may still say accept-new); become = False likewise', () => {
  const cmd = withConnectionFlags(withInventoryFlags(new Command('x'))).exitOverride();
  cmd.parse([], { from: 'user' });
  const flags = cmd.opts();
  const { config } = parseConfigText('/p/ansible.cfg', '[defaults]\nhost_key_checking = True\n[privilege_escalation]\nbecome = False\n', 'ansible', { cwd: '/p', home: '/h', env: {} });
  assert.deepEqual(applyConfig(cmd, flags, config), []);
  assert.equal(flags.hostKeyChecking, undefined);
  assert.equal(flags.become, undefined);
});

test('inventory from ./ansible.cfg (relative to the file) for inventory --list, validate and check --list-hosts; -i replaces it', () => {
  const p = project({ 'ansible.cfg': '[defaults]\ninventory = hosts.yml\n', 'hosts.yml': INV, 'other.yml': 'all:\n  hosts:\n    other1: {}\n' });
  const list = p.run(['inventory', '--list']);
  assert.equal(list.code, 0, list.err);
  assert.deepEqual(JSON.parse(list.out).ungrouped.hosts, ['web1', 'db1']);
  assert.equal(p.run(['validate']).out, 'ok: 2 hosts, 1 group\n');
  const hosts = p.run(['check', resolve('playbooks/bonding.yml'), '--list-hosts']);
  assert.equal(hosts.code, 0, hosts.err);
  assert.match(hosts.out, /hosts \(2\):\n\s+web1\n\s+db1/);
  const flag = p.run(['inventory', '--list', '-i', 'other.yml']);
  assert.deepEqual(JSON.parse(flag.out).ungrouped.hosts, ['other1']);
  // Named by ANSIBLE_CONFIG from another directory, its paths still resolve against its own directory.
  mkdirSync(join(p.dir, 'sub'));
  const fromSub = spawnSync(process.execPath, [BIN, 'inventory', '--graph'], { cwd: join(p.dir, 'sub'), encoding: 'utf8', env: { ...process.env, HOME: p.home, ANSIBLE_CONFIG: join(p.dir, 'ansible.cfg') } });
  assert.match(fromSub.stdout, /\|--web1/, fromSub.stderr);
});

test('remote_user: the connection inventory --host shows; ansible_user in the inventory beats it', () => {
  const p = project({ 'tsprov.yml': 'inventory: hosts.yml\nremote_user: ops\n', 'hosts.yml': INV });
  const web = p.run(['inventory', '--host', 'web1']);
  assert.equal(web.code, 0, web.err);
  assert.match(web.out, /^connection: ssh ops@127\.0\.0\.1:1$/m);
  assert.match(p.run(['inventory', '--host', 'db1']).out, /^connection: ssh dbadmin@127\.0\.0\.1:1$/m);
});

test('-v names the file and what it filled, and the ansible.cfg keys left unused; -vv shows remote_user, key, host-key policy, timeout in effect; -u wins', () => {
  const p = project({
    'ansible.cfg': '[defaults]\ninventory = hosts.yml\nremote_user = ops\nprivate_key_file = keys/id_lab\nhost_key_checking = False\ntimeout = 7\nroles_path = ./roles\n[ssh_connection]\npipelining = True\n',
    'hosts.yml': INV,
  });
  const r = p.run(['facts', '--limit', 'web1', '-vv']);
  assert.equal(r.code, 4, r.err);
  const cfg = join(p.dir, 'ansible.cfg');
  assert.match(r.err, new RegExp(`^using config file ${cfg} \\(an ansible\\.cfg, in the current directory\\): inventory, remote_user, private_key_file, host_key_checking, timeout$`, 'm'));
  assert.match(r.err, new RegExp(`^${cfg}: keys tsprov does not use, ignored: defaults\\.roles_path, ssh_connection\\.pipelining$`, 'm'));
  assert.match(r.err, new RegExp(`^\\[web1\\] CONNECTION ssh ops@127\\.0\\.0\\.1:1 · keys ${join(p.dir, 'keys/id_lab')} .*· host key off against .* · connect timeout 7 s · become no$`, 'm'));
  const flags = p.run(['facts', '--limit', 'web1', '-vv', '-u', 'me', '--host-key-checking', 'strict', '--connect-timeout', '3']);
  assert.match(flags.err, /^\[web1\] CONNECTION ssh me@127\.0\.0\.1:1 · .*· host key strict against .* · connect timeout 3 s · become no$/m);
  // Without -v, nothing about the file.
  assert.doesNotMatch(p.run(['facts', '--limit', 'web1']).err, /config file/);
  const passed = p.run(['facts', '--limit', 'web1', '-v'], { ANSIBLE_CONFIG: '/nonexistent/x.cfg' }).err;
  assert.match(passed, /^ANSIBLE_CONFIG names \/nonexistent\/x\.cfg, which does not exist: looking further, as Ansible does\nusing config file /m);
});

test('forks from the file takes effect: one host at a time at forks = 1, all at once with -f 3 (local hosts, read-only probe)', () => {
  const p = project({ 'tsprov.cfg': '[defaults]\ninventory = local.yml\nforks = 1\n', 'local.yml': 'all:\n  hosts:\n    a: {ansible_connection: local}\n    b: {ansible_connection: local}\n    c: {ansible_connection: local}\n' });
  const order = (args: string[]) => p.run(['facts', '-vvv', ...args]).err.split('\n').filter((l) => /^\[\w\] (CONNECTION|EXEC)/.test(l)).map((l) => l.slice(0, 3) + (l.includes('CONNECTION') ? 'C' : 'E'));
  assert.deepEqual(order([]), ['[a]C', '[a]E', '[b]C', '[b]E', '[c]C', '[c]E']);
  assert.deepEqual(order(['-f', '3']).slice(0, 3), ['[a]C', '[b]C', '[c]C']);
});

test('a bad value is exit 1 at file:line:col for every command; an unknown key in tsprov.cfg names the known ones', () => {
  const p = project({ 'tsprov.cfg': '[defaults]\nforks = lots\n', 'hosts.yml': INV });
  for (const args of [['validate', '-i', 'hosts.yml'], ['inventory', '--list', '-i', 'hosts.yml'], ['facts', '-i', 'hosts.yml'], ['config']]) {
    const r = p.run(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.err, `${join(p.dir, 'tsprov.cfg')}:2:9  defaults.forks  forks expects a positive whole number, got "lots"\n1 problem found\n`);
  }
  writeFileSync(join(p.dir, 'tsprov.cfg'), '[defaults]\nremote_usr = ops\n');
  assert.match(p.run(['config']).err, /tsprov\.cfg:2:1  defaults\.remote_usr  unknown key "remote_usr"; known keys: inventory, remote_user, /);
});

test('tsprov config lists the file and its settings; none found says where it looked; TSPROV_CONFIG beats ./ansible.cfg', () => {
  const p = project({ 'ansible.cfg': '[defaults]\nforks = 5\ngathering = smart\n', 'mine.yml': 'forks: 2\n' });
  const shown = p.run(['config']);
  assert.equal(shown.out, `config file: ${join(p.dir, 'ansible.cfg')} (an ansible.cfg, in the current directory)\n  forks = 5  (defaults.forks, line 2; a -f on the command line wins)\n  not used by tsprov, ignored: defaults.gathering\n`);
  assert.match(p.run(['config'], { TSPROV_CONFIG: 'mine.yml' }).out, /^config file: .*mine\.yml \(tsprov's own, named by \$TSPROV_CONFIG\)\n  forks = 2 /);
  const empty = project({});
  assert.match(empty.run(['config']).out, /^config file: none \(looked for \$TSPROV_CONFIG, \.\/tsprov\.cfg/);
  assert.match(empty.run(['inventory', '--list']).err, /no inventory given; pass -i FILE \(or set inventory in a tsprov\.cfg or ansible\.cfg/);
});

test('a world-writable current directory: its ansible.cfg is ignored with a warning, as Ansible does', () => {
  const p = project({ 'ansible.cfg': '[defaults]\ninventory = hosts.yml\n', 'hosts.yml': INV });
  chmodSync(p.dir, 0o777);
  const r = p.run(['inventory', '--list']);
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`^warning: the current directory ${p.dir} is world-writable: ignoring ${join(p.dir, 'ansible.cfg')} there, as Ansible does`, 'm'));
  assert.match(r.err, /no inventory given/);
  chmodSync(p.dir, 0o700);
});

test('host_key_checking = False in ansible.cfg turns checking off with its loud warning (a loopback ssh2 server; login then refused)', async () => {
  const { default: ssh2 } = await import('ssh2');
  const { Server, utils } = ssh2;
  const { execFile } = await import('node:child_process');
  const hostKey = utils.generateKeyPairSync('ed25519');
  const client = utils.generateKeyPairSync('ed25519');
  const server = new Server({ hostKeys: [hostKey.private] }, (c) => {
    c.on('authentication', (ctx) => ctx.reject());
    c.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const p = project({
    // A generous timeout: on a loaded machine the handshake with the in-process server is slow.
    'ansible.cfg': '[defaults]\ninventory = hosts.yml\nprivate_key_file = id_test\nhost_key_checking = False\ntimeout = 60\n',
    'hosts.yml': `all:\n  hosts:\n    h1: {ansible_host: 127.0.0.1, ansible_port: ${port}, ansible_ssh_retries: 0, ansible_user: nobody}\n`,
    'id_test': client.private,
  });
  chmodSync(join(p.dir, 'id_test'), 0o600);
  const { TSPROV_CONFIG: _a, ANSIBLE_CONFIG: _b, ...base } = process.env;
  const err = await new Promise<string>((done) => {
    execFile(process.execPath, [BIN, 'facts'], { cwd: p.dir, env: { ...base, HOME: p.home }, timeout: 120_000 }, (_e, _out, stderr) => done(stderr));
  });
  server.close();
  assert.match(err, /WARNING: host key checking is OFF for \[127\.0\.0\.1\]:\d+: accepting ED25519 key SHA256:\S+ without verification/, err);
  // With the file saying True, the same unknown key is refused (the default, strict).
  writeFileSync(join(p.dir, 'ansible.cfg'), '[defaults]\ninventory = hosts.yml\nprivate_key_file = id_test\nhost_key_checking = True\ntimeout = 60\n');
  const server2 = new Server({ hostKeys: [hostKey.private] }, (c) => c.on('error', () => {}));
  await new Promise<void>((r) => server2.listen(port, '127.0.0.1', r));
  const strict = await new Promise<string>((done) => {
    execFile(process.execPath, [BIN, 'facts'], { cwd: p.dir, env: { ...base, HOME: p.home }, timeout: 120_000 }, (_e, out, stderr) => done(out + stderr));
  });
  server2.close();
  assert.doesNotMatch(strict, /host key checking is OFF/);
  assert.match(strict, /h1: unreachable — .*host key/i, strict);
});
