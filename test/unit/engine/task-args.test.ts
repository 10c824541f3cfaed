/**
 * `{{ var }}` in module args: checked against the module's schema after substitution, per host,
 * as Ansible does; the load-time check leaves templated values alone and checks the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook, type Playbook } from '../../../src/config/playbook.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { planHost, type PlanScope } from '../../../src/engine/plan-host.ts';
import { templatedArgs } from '../../../src/engine/task-args.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { extra, host, task } from './fixtures.ts';

const PLAYBOOK = `- hosts: all
  tasks:
    - name: motd
      copy:
        dest: /etc/motd
        content: "hello\\n"
        mode: "{{ motd_mode }}"
    - name: module
      kernel_module:
        name: bonding
        persist: "{{ persist_modules }}"
`;

function load(text: string): Playbook {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-tpl-'));
  const file = join(dir, 'site.yml');
  writeFileSync(file, text);
  return loadPlaybook(file, MODULE_CATALOG);
}

const scope = (pb: Playbook, vars: Record<string, unknown>): PlanScope => ({ play: pb.plays[0]!, host: host(vars), bonds: [], backend: 'ifupdown', tags: [], skipTags: [] });

test('load: a templated value is not held to the schema as written; the same literal is', () => {
  const pb = load(PLAYBOOK);
  assert.deepEqual(pb.plays[0]!.tasks[0]!.templates?.map((t) => [t.path, t.line]), [[['mode'], 7]]);
  assert.throws(() => load(PLAYBOOK.replace('"{{ motd_mode }}"', 'rw-r--r--')), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /site\.yml:7:\d+\s+\[0\]\.tasks\[0\]\.copy\.mode|site\.yml:7:\d+.*copy\.mode/);
    return true;
  });
  // The rest of a templated task's args is still checked at load.
  assert.throws(() => load(PLAYBOOK.replace('dest: /etc/motd', 'dset: /etc/motd')), /dset/);
});

test('plan: substituted values fit; a whole-string {{ var }} keeps its type', () => {
  const pb = load(PLAYBOOK);
  const r = planHost(scope(pb, { motd_mode: '0640', persist_modules: true }), defaultFacts(), extra(), false);
  assert.equal(r.tasks[0]!.status, 'changed');
  assert.equal((r.changes[0] as { mode?: string }).mode, '0640');
  assert.deepEqual(templatedArgs(task('bond', { confirm_timeout: '{{ t }}', bonds: '{{ b }}' }), { t: 30, b: [] }), { confirm_timeout: 30, bonds: [] });
  assert.deepEqual(templatedArgs(task('copy', { dest: '/x', content: 'n={{ t }}' }), { t: 30 }), { dest: '/x', content: 'n=30' });
});

test('plan: a substituted value the schema refuses fails the host at the line of its {{ }}', () => {
  const pb = load(PLAYBOOK);
  assert.throws(() => planHost(scope(pb, { motd_mode: 'rw-r--r--', persist_modules: true }), defaultFacts(), extra(), false), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const p = e.problems[0]!;
    assert.equal(p.line, 7);
    assert.match(p.file, /site\.yml$/);
    assert.equal(p.path, 'copy.mode');
    assert.match(p.message, /after substitution "\{\{ motd_mode \}\}" gave "rw-r--r--"/);
    return true;
  });
  assert.throws(() => planHost(scope(pb, { motd_mode: '0644', persist_modules: 'sometimes' }), defaultFacts(), extra(), false), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.problems[0]!.path, 'kernel_module.persist');
    assert.equal(e.problems[0]!.line, 11);
    assert.match(e.problems[0]!.message, /true or false/);
    return true;
  });
});

test('plan: a refused value that carries a secret is not shown', () => {
  const pb = load(PLAYBOOK.replace('{{ motd_mode }}', '{{ db_password }}'));
  assert.throws(() => planHost(scope(pb, { db_password: 'hunter22', persist_modules: true }), defaultFacts(), extra(), false), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.ok(!e.message.includes('hunter22'), e.message);
    assert.match(e.message, /a secret value, hidden/);
    return true;
  });
});
