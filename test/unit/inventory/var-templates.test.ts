/** validate's static checks of templates inside inventory vars: positioned problems, no evaluation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../../src/core/errors.ts';
import { checkProject } from '../../../src/inventory/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-vartpl-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const lines = (dir: string, extra: string[] = [], inv = ['inv.yml']) =>
  checkProject(inv.map((i) => join(dir, i)), undefined, MODULE_CATALOG, extra).problems.map((p) => formatProblem(p).replace(dir + '/', ''));

test('a template no host could render is a problem inside the var, in every kind of vars file', () => {
  const dir = project({
    'inv.yml': 'all:\n  hosts:\n    h1:\n      motd: "hi {{ name | to_nice_yaml }}"\n  vars:\n    list: [ok, "{% if x %}y{% endif %}"]\n',
    'group_vars/all.yml': "site: '{{ dc ~ }}'\n",
    'host_vars/h1.yml': 'bad_test: "{{ x is shiny }}"\n',
  });
  const got = lines(dir, ['e="{{ 1 * 2 }}"']);
  assert.equal(got.length, 5, got.join('\n'));
  assert.match(got[0]!, /^-e #1:1:9 {2}e {2}multiplication \(\*\) is not supported/);
  assert.equal(got[1], 'group_vars/all.yml:1:16  site  expected a value, got the end of the expression (at character 9 of "{{ dc ~ }}")');
  assert.match(got[2]!, /^host_vars\/h1\.yml:1:20 {2}bad_test {2}unknown test "shiny"/);
  assert.match(got[3]!, /^inv\.yml:4:27 {2}all\.hosts\.h1\.motd {2}unknown filter "to_nice_yaml" .*\(at character 14 of "hi \{\{ name \| to_nice_yaml \}\}"\)$/);
  assert.match(got[4]!, /^inv\.yml:6:17 {2}all\.vars\.list\[1\] {2}Jinja statements are not supported/);
});

test('undefined vars are not problems at validate time: they may come from facts or the play', () => {
  const dir = project({ 'inv.yml': 'all:\n  hosts:\n    h1:\n  vars:\n    fqdn: "{{ inventory_hostname }}.{{ site | default(ansible_domain) }}"\n' });
  assert.deepEqual(lines(dir), []);
});

test('a reference loop every render hits is reported once, at the first var, pointing at the use', () => {
  const dir = project({
    'inv.yml': 'all:\n  hosts:\n    h1:\n    h2:\n  vars:\n    b: "x{{ a }}"\n    a: "{{ b | upper }}"\n    c: "{{ c }}"\n',
  });
  assert.deepEqual(lines(dir), [
    'inv.yml:7:12  all.vars.a  reference loop: a → b → a (on host h1; each var always uses the next, so rendering any of them fails)',
    'inv.yml:8:12  all.vars.c  reference loop: c → c (on host h1; each var always uses the next, so rendering any of them fails)',
  ]);
});

test('a loop that only a skipped branch would close is not reported; one a host var breaks is not its problem', () => {
  const dir = project({
    'inv.yml': 'all:\n  hosts:\n    h1:\n    h2:\n      b: 2\n  vars:\n    a: "{{ b if flag else 1 }}"\n    b: "{{ a }}"\n    c: "{{ d }}"\n    d: "{{ c }}"\n',
    'host_vars/h1.yml': 'c: 1\n',
  });
  // h2's own `b: 2` and h1's `c: 1` each end one loop, so only h2's c ↔ d is left.
  assert.deepEqual(lines(dir), [
    'inv.yml:9:12  all.vars.c  reference loop: c → d → c (on host h2; each var always uses the next, so rendering any of them fails)',
  ]);
});

test('a secret var\'s text is masked in the message', () => {
  const dir = project({ 'inv.yml': 'all:\n  hosts:\n    h1:\n      db_password: "s3cr3t{{ x | nope }}"\n' });
  const got = lines(dir);
  assert.equal(got.length, 1);
  assert.match(got[0]!, /^inv\.yml:4:34 {2}all\.hosts\.h1\.db_password {2}unknown filter "nope"/);
  assert.ok(!got[0]!.includes('s3cr3t'), got[0]);
});
