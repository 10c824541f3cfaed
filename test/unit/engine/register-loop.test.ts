/**
 * register, loop, failed_when, changed_when and ignore_errors, planned for one host. Queries (a
 * registered command with changed_when: false) are answered by a real `sh` in a scratch dir,
 * exactly as the engine would send them to the host's login shell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../../src/config/playbook.ts';
import { planHost, type QueryRequest } from '../../../src/engine/plan-host.ts';
import type { QueryOutput } from '../../../src/engine/task-result.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { extra, host } from './fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tsprov-reg-'));

function load(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'tsprov-regpb-')), 'site.yml');
  writeFileSync(file, yaml);
  return loadPlaybook(file, MODULE_CATALOG).plays[0]!;
}

const asked: QueryRequest[] = [];
function sh(q: QueryRequest): QueryOutput {
  asked.push(q);
  const started = Date.now();
  const r = spawnSync('sh', ['-c', q.command], { cwd: scratch, encoding: 'utf8' });
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, durationMs: Date.now() - started };
}

function plan(yaml: string, vars: Record<string, unknown> = {}, opts: { check?: boolean; files?: Record<string, string> } = {}) {
  asked.length = 0;
  const play = load(yaml);
  return planHost({ play, host: host(vars), bonds: [], backend: 'ifupdown', tags: [], skipTags: [] }, defaultFacts(), extra({ files: opts.files ?? {} }), opts.check ?? false, sh);
}

const pb = (tasks: string): string => `- hosts: all\n  tasks:\n${tasks.replace(/^/gm, '    ').replace(/\s+$/, '')}\n`;

test('loop: one run per item, named by the item; `item` in args; literal lists are templated', () => {
  const r = plan(pb(`- copy: {dest: "/etc/{{ item }}.conf", content: "{{ item }} {{ site }}\\n"}\n  loop: [a, "{{ site }}"]`), { site: 'fra1' });
  assert.deepEqual(r.tasks.map((t) => t.task), ['copy #1 (item=a)', 'copy #1 (item=fra1)']);
  assert.deepEqual(r.changes.map((c) => c.target), ['/etc/a.conf', '/etc/fra1.conf']);
  assert.ok(r.changes[1]!.kind === 'file' && r.changes[1]!.after === 'fra1 fra1\n');
});

test('loop: a list var, loop_var, index_var and label; when is evaluated per item', () => {
  const yaml = pb(`- name: nic
  copy: {dest: "/etc/nic-{{ nic.name }}", content: "n{{ i }}\\n"}
  loop: "{{ nics }}"
  loop_control: {loop_var: nic, index_var: i, label: "{{ nic.name }}"}
  when: nic.up`);
  const r = plan(yaml, { nics: [{ name: 'eth1', up: true }, { name: 'eth2', up: false }, { name: 'eth3', up: true }] });
  assert.deepEqual(r.tasks.map((t) => [t.task, t.status]), [['nic (item=eth1)', 'changed'], ['nic (item=eth2)', 'skipped'], ['nic (item=eth3)', 'changed']]);
  assert.deepEqual(r.changes.map((c) => c.kind === 'file' && c.after), ['n0\n', 'n2\n']);
});

test('loop: not a list fails the host with Ansible\'s message; an empty list skips the task', () => {
  assert.throws(() => plan(pb(`- copy: {dest: "/x", content: "{{ item }}"}\n  loop: "{{ nics }}"`), { nics: 'eth1' }), /Invalid data passed to 'loop', it requires a list, got this instead: eth1/);
  const r = plan(pb(`- copy: {dest: "/x", content: "{{ item }}"}\n  loop: "{{ nics }}"\n  register: out\n- copy: {dest: "/y", content: "{{ out.skipped }} {{ out.results | length }}"}`), { nics: [] });
  assert.equal(r.tasks[0]!.status, 'skipped');
  assert.ok(r.changes[0]!.kind === 'file' && r.changes[0]!.after === 'True 0');
});

test('register: a planned module result is known at plan time (changed, skipped) and drives when', () => {
  const yaml = pb(`- copy: {dest: /etc/a, content: "a\\n"}
  register: cfg
- name: reload
  command: systemctl reload thing
  when: cfg is changed
- copy: {dest: /etc/b, content: "c={{ cfg.changed }}\\n"}`);
  const changed = plan(yaml);
  assert.deepEqual(changed.tasks.map((t) => t.status), ['changed', 'changed', 'changed']);
  assert.ok(changed.changes[2]!.kind === 'file' && changed.changes[2]!.after === 'c=True\n');
  const converged = plan(yaml, {}, { files: { '/etc/a': 'a\n' } });
  assert.deepEqual(converged.tasks.map((t) => t.status), ['ok', 'skipped', 'changed']);
});

test('query: a registered command with changed_when: false runs while planning; later tasks read rc and stdout', () => {
  const yaml = pb(`- name: link state
  command: printf 'bond0 UP\\nbond1 DOWN\\n'
  register: links
  changed_when: false
- copy: {dest: /etc/links, content: "{{ links.stdout_lines | length }} {{ links.rc }} {{ links.stdout_lines[1] }}"}
  when: "'DOWN' in links.stdout"
- copy: {dest: /etc/never, content: x}
  when: links is failed`);
  const r = plan(yaml);
  assert.equal(asked.length, 1);
  assert.equal(asked[0]!.command, `printf 'bond0 UP\\nbond1 DOWN\\n' </dev/null`);
  assert.deepEqual(r.tasks.map((t) => t.status), ['ok', 'changed', 'skipped']);
  assert.match(r.tasks[0]!.noop!, /ran while planning .*rc 0/);
  assert.equal(r.changes.length, 1, 'the query itself is not a change');
  assert.ok(r.changes[0]!.kind === 'file' && r.changes[0]!.after === '2 0 bond1 DOWN');
});

test('query: shell text runs through sh -c; a non-zero rc fails the host unless failed_when says otherwise', () => {
  const q = (fw: string) => pb(`- name: probe
  shell: "echo oops >&2; exit 1"
  register: p
  changed_when: false${fw}
- copy: {dest: /etc/p, content: "{{ p.rc }} {{ p.stderr }}"}`);
  assert.throws(() => plan(q('')), /task "probe": shell query failed: rc 1: oops/);
  const r = plan(q('\n  failed_when: p.rc > 1'));
  assert.deepEqual(r.tasks.map((t) => t.status), ['ok', 'changed']);
  assert.ok(r.changes[0]!.kind === 'file' && r.changes[0]!.after === '1 oops');
  assert.throws(() => plan(q("\n  failed_when: \"'oops' in p.stderr\"")), /task "probe"/);
});

test('query: skipped in check mode (as Ansible) unless check_mode: false', () => {
  const yaml = (cm: string) => pb(`- command: printf ok\n  register: q\n  changed_when: false${cm}\n- copy: {dest: /etc/q, content: "{{ q.stdout | default('skipped') }}"}`);
  const skipped = plan(yaml(''), {}, { check: true });
  assert.equal(asked.length, 0, 'nothing ran on the host');
  assert.equal(skipped.tasks[0]!.status, 'skipped');
  assert.match(skipped.tasks[0]!.skipped!, /check_mode: false/);
  const ran = plan(yaml('\n  check_mode: false'), {}, { check: true });
  assert.equal(asked.length, 1);
  assert.ok(ran.changes[0]!.kind === 'file' && ran.changes[0]!.after === 'ok');
});

test('ignore_errors: a task that fails to plan is failed and ignored; the rest goes on and sees `is failed`', () => {
  const yaml = pb(`- copy: {dest: /etc/a, content: "{{ missing }}"}
  register: a
  ignore_errors: yes
- copy: {dest: /etc/b, content: "m={{ a.msg is search('missing') }}"}
  when: a is failed`);
  const r = plan(yaml);
  assert.equal(r.tasks[0]!.status, 'failed');
  assert.equal(r.tasks[0]!.ignored, true);
  assert.match(r.tasks[0]!.error!, /'missing' is undefined/);
  assert.deepEqual(r.changes.map((c) => c.target), ['/etc/b']);
  assert.ok(r.changes[0]!.kind === 'file' && r.changes[0]!.after === 'm=True');
  assert.throws(() => plan(yaml.replace('ignore_errors: yes', 'ignore_errors: no')), /'missing' is undefined/);
});

test('failed_when on a module task: evaluated on its own result; a failed task applies nothing', () => {
  const yaml = pb(`- name: must be converged
  copy: {dest: /etc/a, content: "a\\n"}
  register: a
  failed_when: a.changed
  ignore_errors: true`);
  const r = plan(yaml);
  assert.equal(r.tasks[0]!.status, 'failed');
  assert.equal(r.changes.length, 0);
  assert.equal(plan(yaml, {}, { files: { '/etc/a': 'a\n' } }).tasks[0]!.status, 'ok');
});

test('changed_when: an expression decides what is reported; changes still apply', () => {
  const yaml = pb(`- copy: {dest: /etc/a, content: "a\\n"}\n  changed_when: not quiet`);
  assert.equal(plan(yaml, { quiet: true }).tasks[0]!.status, 'ok');
  assert.equal(plan(yaml, { quiet: true }).changes.length, 1);
  assert.equal(plan(yaml, { quiet: false }).tasks[0]!.status, 'changed');
});

test('apply-step commands: ignore_errors and failed_when: false mark the change so the script goes on', () => {
  const r = plan(pb(`- command: /bin/false\n  ignore_errors: true\n- command: /bin/true\n  failed_when: false\n- command: /bin/true`));
  assert.deepEqual(r.changes.map((c) => c.kind === 'command' && c.onError), ['ignore', 'succeed', undefined]);
});

test('loop + register: results per item, with the item, changed when any item changed', () => {
  const yaml = pb(`- command: printf '%s' "{{ item }}"
  loop: [a, b]
  register: out
  changed_when: false
- copy: {dest: /etc/out, content: "{{ out.results | length }} {{ out.results[1].item }} {{ out.results[1].stdout }} {{ out.changed }}"}`);
  const r = plan(yaml);
  assert.equal(asked.length, 2);
  assert.ok(r.changes[0]!.kind === 'file' && r.changes[0]!.after === '2 b b False');
});

test('registered vars sit below -e and above play vars', () => {
  const play = load(`- hosts: all\n  vars: {r: play}\n  tasks:\n    - copy: {dest: /etc/a, content: x}\n      register: r\n    - copy: {dest: /etc/b, content: "r={{ r }}"}\n`);
  const base = { play, host: host({}), bonds: [], backend: 'ifupdown' as const, tags: [], skipTags: [] };
  const mine = planHost(base, defaultFacts(), extra(), false);
  assert.ok(mine.changes[1]!.kind === 'file' && mine.changes[1]!.after!.includes("'changed': True"));
  const extraWins = planHost({ ...base, extra: { r: 'cli' } }, defaultFacts(), extra(), false);
  assert.ok(extraWins.changes[1]!.kind === 'file' && extraWins.changes[1]!.after === 'r=cli');
});

test('playbooks read as Ansible reads them: yes/no booleans, mode: 0644 octal; mode: 644 refused', () => {
  const r = plan(pb(`- copy: {dest: /etc/a, content: x, mode: 0640}\n  ignore_errors: yes`));
  assert.ok(r.changes[0]!.kind === 'file');
  assert.equal(r.changes[0]!.mode, '0640');
  assert.throws(() => plan(pb(`- copy: {dest: /etc/a, content: x, mode: 644}`)), /mode 644 is the decimal number 644 \(octal 1204\); write it with a leading zero/);
});
