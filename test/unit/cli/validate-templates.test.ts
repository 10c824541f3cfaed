/** `tsprov validate` checks templates the playbook load does not see: inside vars, and template src files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(process.cwd(), 'bin/tsprov.js');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-valtpl-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The CLI run in `dir`, so problems show the paths as given. */
function tsprov(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('validate: a bad template in an inventory var is a problem inside the value, exit 1', () => {
  const dir = project({
    'inv.yml': 'all:\n  hosts:\n    h1:\n      motd: "hi {{ name | to_nice_yaml }}"\n',
    'group_vars/all.yml': 'dc: fra\nntp: "{% if dc %}a{% endif %}"\n',
  });
  const r = tsprov(dir, 'validate', '-i', 'inv.yml', '-e', 'dc="{{ site ~ }}"');
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines[0], '-e #1:1:15  dc  expected a value, got the end of the expression (at character 11 of "{{ site ~ }}")');
  assert.match(lines[1]!, /^group_vars\/all\.yml:2:7 {2}ntp {2}Jinja statements are not supported in tsprov templates \(\{% if %\}\)/);
  assert.match(lines[2]!, /^inv\.yml:4:27 {2}all\.hosts\.h1\.motd {2}unknown filter "to_nice_yaml"/);
  assert.equal(lines[3], '3 problems found');
});

test('validate: vars whose templates parse are fine even when what they use is undefined', () => {
  const dir = project({ 'inv.yml': 'all:\n  hosts:\n    h1:\n  vars:\n    fqdn: "{{ inventory_hostname }}.{{ ansible_domain }}"\n' });
  assert.deepEqual(tsprov(dir, 'validate', '-i', 'inv.yml'), { code: 0, out: 'ok: 1 host, 1 group\n', err: '' });
});

const PLAY = (src: string) => `- hosts: all\n  tasks:\n    - name: motd\n      template:\n        dest: /etc/motd\n        src: ${src}\n`;

test('validate: a template src file is read beside the playbook and parsed, problems at its own line:col', () => {
  const dir = project({
    'inv.yml': 'all:\n  hosts:\n    h1:\n',
    'play/site.yml': PLAY('templates/motd.j2') + '  handlers:\n    - name: h\n      template: {src: other.j2, dest: /etc/other}\n',
    'play/templates/motd.j2': 'Welcome to {{ inventory_hostname }}\n{{ banner | to_nice_yaml }}\n',
    'play/other.j2': '{{ "tab\\there" | upper }} {% for x in y %}{% endfor %}\n',
  });
  // Run from elsewhere: src is relative to the playbook's directory, not to the working directory.
  const r = tsprov(join(dir, '..'), 'validate', '-i', join(dir, 'inv.yml'), join(dir, 'play/site.yml'));
  assert.equal(r.code, 1, r.err);
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 3, r.err);
  assert.match(lines[0]!, /\/play\/other\.j2:1:27 {2}\(root\) {2}Jinja statements are not supported in tsprov templates \(\{% for %\}\).* \(the src of task "h" at .*\/play\/site\.yml:9\)$/);
  assert.match(lines[1]!, /\/play\/templates\/motd\.j2:2:13 {2}\(root\) {2}unknown filter "to_nice_yaml" .*\(the src of task "motd" at .*\/play\/site\.yml:6\)$/);
  assert.equal(lines[2], '2 problems found');
});

test('validate: a missing src file is a problem at the task\'s src:, as run would find it', () => {
  const dir = project({ 'inv.yml': 'all:\n  hosts:\n    h1:\n', 'site.yml': PLAY('nope.j2') });
  const r = tsprov(dir, 'validate', '-i', 'inv.yml', 'site.yml');
  assert.equal(r.code, 1);
  assert.equal(r.err, `site.yml:6:14  [0].tasks[0].template.src  template src ${join(dir, 'nope.j2')}: cannot read file: ENOENT\n1 problem found\n`);
});

test('validate: a templated src cannot be read before vars exist, so it is refused where written', () => {
  const dir = project({ 'inv.yml': 'all:\n  hosts:\n    h1:\n', 'site.yml': PLAY('"{{ role }}.j2"'), '{{ role }}.j2': 'a file of that very name is not read\n' });
  const r = tsprov(dir, 'validate', '-i', 'inv.yml', 'site.yml');
  assert.equal(r.code, 1);
  assert.match(r.err, /^site\.yml:6:14 {2}\[0\]\.tasks\[0\]\.template\.src {2}src "\{\{ role \}\}\.j2" uses \{\{ \}\}: tsprov reads a template's src on the controller before any host's vars exist/);
  assert.match(r.err, /\n1 problem found\n$/);
});

test('validate: template src files that parse leave validate clean', () => {
  const dir = project({ 'inv.yml': 'all:\n  hosts:\n    h1:\n', 'site.yml': PLAY('motd.j2'), 'motd.j2': '{# a comment #}Hi {{ who | default("you") }}, {{ "a\\\\tb" }}\n' });
  assert.deepEqual(tsprov(dir, 'validate', '-i', 'inv.yml', 'site.yml'), { code: 0, out: 'ok: 1 host, 1 group, 1 play, 1 task\n', err: '' });
});
