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
