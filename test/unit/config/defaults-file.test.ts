import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../../src/core/errors.ts';
import { loadConfigFile, parseConfigText, type ConfigFormat } from '../../../src/config/defaults-file.ts';
import { resolveConfigPath } from '../../../src/config/defaults-values.ts';

const env = { cwd: '/work/proj', home: '/home/ops', env: { SITE: 'fra1' } };
const parse = (text: string, format: ConfigFormat, file = '/etc/tsprov/x.cfg') => parseConfigText(file, text, format, env);
const values = (r: ReturnType<typeof parse>) => Object.fromEntries(Object.entries(r.config.settings).map(([k, s]) => [k, s.value]));
const errors = (r: ReturnType<typeof parse>) => r.problems.map(formatProblem);

test('ansible.cfg: the keys that mean the same are read and typed; paths resolved from the file\'s directory', () => {
  const r = parse(
    '[defaults]\ninventory = hosts.ini, ~/inv/, /abs/inv.yml,\nremote_user = "ops"\nprivate_key_file = keys/$SITE.pem\nforks = 20\nhost_key_checking = False\ntimeout = 30\n' +
      '[privilege_escalation]\nbecome = yes\nbecome_user = admin\nbecome_method = sudo\n[ssh_connection]\nssh_common_args = -o ProxyJump=bastion\n',
    'ansible', '/srv/ansible/ansible.cfg',
  );
  assert.deepEqual(errors(r), []);
  assert.deepEqual(values(r), {
    inventory: ['/srv/ansible/hosts.ini', '/home/ops/inv', '/abs/inv.yml'],
    remote_user: 'ops',
    private_key_file: '/srv/ansible/keys/fra1.pem',
    forks: 20,
    host_key_checking: false,
    timeout: 30,
    become: true,
    become_user: 'admin',
    ssh_common_args: '-o ProxyJump=bastion',
  });
  assert.equal(r.config.settings.forks?.line, 5);
  assert.equal(r.config.settings.forks?.path, 'defaults.forks');
  assert.deepEqual(r.config.ignored, []);
});

test('ansible.cfg: every Ansible boolean spelling, any case; [ssh_connection] host_key_checking beats [defaults] (last listed wins, as in Ansible)', () => {
  for (const [word, want] of [['y', true], ['YES', true], ['On', true], ['1', true], ['true', true], ['t', true], ['n', false], ['No', false], ['off', false], ['0', false], ['FALSE', false], ['f', false]] as const) {
    assert.equal(values(parse(`[defaults]\nhost_key_checking = ${word}\n`, 'ansible')).host_key_checking, want, word);
  }
  assert.equal(values(parse('[defaults]\nhost_key_checking = True\n[ssh_connection]\nhost_key_checking = False\n', 'ansible')).host_key_checking, false);
});

test('ansible.cfg: keys tsprov does not use are listed as ignored, not errors; a used key with a value tsprov cannot take is an error at its line', () => {
  const ok = parse('[defaults]\nroles_path = ./roles\nforks = 5\ngathering = smart\n[ssh_connection]\npipelining = True\n[inventory]\nenable_plugins = ini\n', 'ansible');
  assert.deepEqual(errors(ok), []);
  assert.deepEqual(ok.config.ignored, ['defaults.roles_path', 'defaults.gathering', 'ssh_connection.pipelining', 'inventory.enable_plugins']);
  const bad = parse('[defaults]\nforks = many\nhost_key_checking = accept-new\nask_pass = True\ntimeout = 0\n[privilege_escalation]\nbecome_method = su\n', 'ansible', 'a.cfg');
  assert.deepEqual(errors(bad), [
    'a.cfg:2:9  defaults.forks  forks expects a positive whole number, got "many"',
    'a.cfg:3:21  defaults.host_key_checking  host_key_checking expects a boolean (y, yes, on, 1, true, t, n, no, off, 0, false, f), got "accept-new"',
    'a.cfg:5:11  defaults.timeout  timeout expects a positive whole number, got "0"',
    'a.cfg:7:17  privilege_escalation.become_method  become_method is "su": tsprov escalates with sudo only (remove the key or set it to sudo)',
    'a.cfg:4:12  defaults.ask_pass  ask_pass is true: tsprov logs in with keys or the ssh agent only (password login is not offered); set it to False',
  ]);
});

test('tsprov.cfg: only [defaults]; an unknown key or section is an error naming the known keys; tsprov policies for host_key_checking', () => {
  const ok = parse('[defaults]\nhost_key_checking = accept-new\nknown_hosts = kh, /etc/kh\nssh_config = ssh.conf\n', 'tsprov-ini', '/p/tsprov.cfg');
  assert.deepEqual(errors(ok), []);
  assert.deepEqual(values(ok), { host_key_checking: 'accept-new', known_hosts: ['/p/kh', '/etc/kh'], ssh_config: '/p/ssh.conf' });
  const bad = parse('[defaults]\nforcks = 5\nroles_path = x\n[ssh_connection]\npipelining = True\n', 'tsprov-ini', 't.cfg');
  const known = 'known keys: inventory, remote_user, private_key_file, forks, host_key_checking, timeout, become, become_user, ssh_common_args, ssh_extra_args, ssh_config, known_hosts';
  assert.deepEqual(errors(bad), [
    `t.cfg:2:1  defaults.forcks  unknown key "forcks"; ${known}`,
    `t.cfg:3:1  defaults.roles_path  unknown key "roles_path"; ${known}`,
    't.cfg:5:1  ssh_connection  section [ssh_connection]: tsprov.cfg has only a [defaults] section',
  ]);
});

test('tsprov.yml: a flat mapping; lists for list keys; errors at file:line:col from the YAML loader', () => {
  const ok = parse('inventory: [inv.yml, group_vars_too/]\nforks: 4\nhost_key_checking: false\nremote_user: ops\n', 'tsprov-yaml', '/p/tsprov.yml');
  assert.deepEqual(errors(ok), []);
  assert.deepEqual(values(ok), { inventory: ['/p/inv.yml', '/p/group_vars_too'], forks: 4, host_key_checking: false, remote_user: 'ops' });
  const bad = parse('forks: "x"\nremote_user: {a: 1}\nbogus: 1\ntimeout:\n', 'tsprov-yaml', 't.yml');
  assert.deepEqual(errors(bad), [
    't.yml:1:8  forks  forks expects a positive whole number, got "x"',
    't.yml:2:14  remote_user  remote_user expects a user name, got a mapping or nested list',
    't.yml:3:1  bogus  unknown key "bogus"; known keys: inventory, remote_user, private_key_file, forks, host_key_checking, timeout, become, become_user, ssh_common_args, ssh_extra_args, ssh_config, known_hosts',
    't.yml:4:1  timeout  timeout expects seconds, a positive whole number, got nothing',
  ]);
  assert.deepEqual(errors(parse('forks: [1\n', 'tsprov-yaml', 't.yml')).length, 1);
  assert.match(errors(parse('- forks\n', 'tsprov-yaml', 't.yml'))[0]!, /^t\.yml:1:1  \(root\)  a tsprov\.yml is a mapping of settings/);
  assert.deepEqual(errors(parse('', 'tsprov-yaml')), []);
});

test('paths: {{CWD}}, $VAR and ${VAR} (unset left as written), ~, relative to the file; an empty path is an error', () => {
  const p = { baseDir: '/cfg', cwd: '/here', home: '/h', env: { A: 'x' } };
  assert.equal(resolveConfigPath('{{CWD}}/inv', p), '/here/inv');
  assert.equal(resolveConfigPath('${A}/$A/$NOPE', p), '/cfg/x/x/$NOPE');
  assert.equal(resolveConfigPath('~/k', p), '/h/k');
  assert.equal(resolveConfigPath('../k', p), '/k');
  assert.deepEqual(errors(parse('[defaults]\nprivate_key_file =\nremote_user =\n', 'ansible', 'e.cfg')), ['e.cfg:2:1  defaults.private_key_file  private_key_file expects a file path, got an empty value']);
});

test('loadConfigFile reads the file; a directory or bad text is an error naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-cfgfile-'));
  writeFileSync(join(dir, 'tsprov.cfg'), '[defaults]\nforks = 2\n');
  assert.equal(loadConfigFile(join(dir, 'tsprov.cfg'), 'tsprov-ini', env).settings.forks?.value, 2);
  assert.throws(() => loadConfigFile(dir, 'tsprov-ini', env), (e: Error) => e.message === `${dir}:1:1  (root)  cannot read file: it is a directory, not a regular file`);
  writeFileSync(join(dir, 'bad.cfg'), '[defaults]\nforks = -1\n');
  assert.throws(() => loadConfigFile(join(dir, 'bad.cfg'), 'tsprov-ini', env), /bad\.cfg:2:9  defaults\.forks  forks expects a positive whole number, got "-1"/);
});
