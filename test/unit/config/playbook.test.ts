import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.ts';
import { loadPlaybook } from '../../../src/config/playbook.ts';
import type { ModuleCatalog } from '../../../src/config/module-catalog.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { parseCidr, inSubnet, parseIp, networkOf } from '../../../src/config/net.ts';

test('the standard bond playbook loads into typed plays', () => {
  const book = loadPlaybook('test/golden/config/valid/rolling-playbook.yml', MODULE_CATALOG);
  assert.equal(book.plays.length, 1);
  const [play] = book.plays;
  assert.equal(play!.hosts, 'all');
  assert.deepEqual(play!.serial, [1, '50%']);
  assert.equal(play!.max_fail_percentage, 0);
  assert.deepEqual(play!.tasks.map((t) => t.module), ['kernel_module', 'bond']);
  assert.deepEqual(play!.tasks[1]!.args, { install_packages: true, confirm_timeout: 120 }, 'no bonds injected by the loader');
  assert.deepEqual(play!.tasks[1]!.notify, ['reload bonds']);
  assert.equal(play!.handlers[0]!.module, 'bond_reload');
  assert.equal(play!.tasks[0]!.at.line, 7);
});

test('the loader knows modules only through the catalog it is given', () => {
  const catalog: ModuleCatalog = { ping: { schema: { type: 'object' }, supportsCheck: true, supportsDiff: false } };
  assert.throws(
    () => loadPlaybook('test/golden/config/valid/rolling-playbook.yml', catalog),
    (e: unknown) => e instanceof ConfigError && e.problems.every((p) => /unknown module .*known modules: ping/.test(p.message)) && e.problems.length === 3,
  );
});

test('net helpers: CIDR parsing and subnet membership, v4 and v6', () => {
  const v4 = parseCidr('10.1.100.63/24')!;
  assert.equal(networkOf(v4), '10.1.100.0/24');
  assert.ok(inSubnet(parseIp('10.1.100.1')!, v4));
  assert.ok(!inSubnet(parseIp('10.1.101.1')!, v4));
  const v6 = parseCidr('2001:db8:1::5/64')!;
  assert.equal(networkOf(v6), '2001:db8:1::/64');
  assert.ok(inSubnet(parseIp('2001:db8:1::1')!, v6));
  assert.ok(!inSubnet(parseIp('2001:db8:2::1')!, v6));
  assert.ok(inSubnet(parseIp('::ffff:10.0.0.1')!, parseCidr('::ffff:10.0.0.0/120')!));
  for (const bad of ['10.0.0.1', '10.0.0.1/33', '300.0.0.1/8', '2001:db8::/129', 'x/24', '10.0.0.1/24/1']) assert.equal(parseCidr(bad), undefined, bad);
});

test('a when wrapped in {{ }} loads with a warning at its position (Ansible warns too)', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { collectPlaybook } = await import('../../../src/config/playbook.ts');
  const file = join(mkdtempSync(join(tmpdir(), 'tsprov-when-')), 'site.yml');
  writeFileSync(file, '- hosts: all\n  tasks:\n    - command: ls\n      when: "{{ mtu > 1500 }}"\n    - command: ls\n      when: [bonded, "{{ not off }}"]\n');
  const problems: import('../../../src/core/errors.ts').SourceProblem[] = [];
  const book = collectPlaybook(file, MODULE_CATALOG, problems);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    book.warnings.map((w) => `${w.line}:${w.col}  ${w.path}  ${w.message}`),
    [
      '4:13  [0].tasks[0].when  conditions should not include {{ }} (Ansible warns too); tsprov evaluates "mtu > 1500" without them',
      '6:22  [0].tasks[1].when[1]  conditions should not include {{ }} (Ansible warns too); tsprov evaluates "not off" without them',
    ],
  );
});

test('every play and task key tsprov supports is an ansible-core 2.14 keyword (the refused lists come from the same source)', async () => {
  const { isAnsibleKeyword, unsupportedKeyword } = await import('../../../src/config/ansible-keywords.ts');
  const { PLAY_SCHEMA, TASK_KEYS } = await import('../../../src/config/playbook-schema.ts');
  for (const k of Object.keys(PLAY_SCHEMA.properties)) assert.ok(isAnsibleKeyword(k, 'play'), k);
  for (const k of TASK_KEYS) assert.ok(isAnsibleKeyword(k, 'task'), k);
  assert.equal(isAnsibleKeyword('with_dict', 'task'), true);
  assert.equal(isAnsibleKeyword('with_items', 'play'), false);
  assert.equal(isAnsibleKeyword('taks', 'play'), false);
  assert.equal(unsupportedKeyword('become', 'task'), '"become" is an Ansible task keyword tsprov does not support (yet); set ansible_become in the inventory or pass --become; see docs/playbook.md#ansible-keywords-tsprov-refuses');
});

test('any_errors_fatal: a boolean on a play; on a task it is refused at its line, as a keyword tsprov does not support', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-aef-'));
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const ok = loadPlaybook(write('ok.yml', '- hosts: all\n  any_errors_fatal: yes\n  tasks:\n    - bond: {}\n'), MODULE_CATALOG);
  assert.equal(ok.plays[0]!.any_errors_fatal, true, 'YAML 1.1 yes, as Ansible reads it');
  assert.throws(() => loadPlaybook(write('bad.yml', '- hosts: all\n  any_errors_fatal: sometimes\n  tasks: []\n'), MODULE_CATALOG), (e: unknown) => e instanceof ConfigError && /must be true or false; got "sometimes"/.test(e.problems[0]!.message) && e.problems[0]!.line === 2);
  assert.throws(
    () => loadPlaybook(write('task.yml', '- hosts: all\n  tasks:\n    - bond: {}\n      any_errors_fatal: true\n'), MODULE_CATALOG),
    (e: unknown) => e instanceof ConfigError && /"any_errors_fatal" is an Ansible task keyword tsprov does not support/.test(e.problems[0]!.message) && e.problems[0]!.line === 4,
  );
});
