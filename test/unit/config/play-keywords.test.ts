/**
 * Load-time checks of register/loop/failed_when/ignore_errors, pre_tasks/post_tasks and
 * vars_files: every refusal names file:line:col and what to write instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectPlaybook } from '../../../src/config/playbook.ts';
import type { SourceProblem } from '../../../src/core/errors.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

function load(yaml: string, files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-kw-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'site.yml'), yaml);
  const problems: SourceProblem[] = [];
  const book = collectPlaybook(join(dir, 'site.yml'), MODULE_CATALOG, problems);
  const show = (p: SourceProblem) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.col} ${p.path} ${p.message}`;
  return { book, problems: problems.map(show), warnings: book.warnings.map(show) };
}

const pb = (tasks: string): string => `- hosts: all\n  tasks:\n${tasks.replace(/^/gm, '    ').replace(/\s+$/, '')}\n`;

test('reading the output of a command that runs in the apply step is refused at the reference', () => {
  const { problems } = load(pb(`- command: ip -br link
  register: links
- copy: {dest: /etc/x, content: "{{ links.stdout }}"}
- command: "true"
  when: links.rc == 0
- command: "true"
  when: links is changed`));
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0]!, /^site\.yml:5:13 \[0\]\.tasks\[1\]\.copy links\.stdout is not known when tsprov plans this task: "command" registers links but runs in the apply step .*changed_when: false/);
  assert.match(problems[1]!, /^site\.yml:7:13 \[0\]\.tasks\[2\]\.when links\.rc is not known/);
});

test('a registered command with changed_when: false is a query: its output may be read', () => {
  const { problems } = load(pb(`- command: ip -br link
  register: links
  changed_when: false
- copy: {dest: /etc/x, content: "{{ links.stdout }}"}
  when: links.rc == 0 and 'UP' in links.stdout`));
  assert.deepEqual(problems, []);
});

test('failed_when on an apply-step command is only true or false; a query may test its result', () => {
  const { problems } = load(pb(`- command: /sbin/thing
  failed_when: result.rc > 1
- command: /sbin/thing
  failed_when: false
- command: /sbin/probe
  register: p
  changed_when: false
  failed_when: p.rc > 1`));
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /^site\.yml:4:20 \[0\]\.tasks\[0\]\.failed_when failed_when on a command task that runs in the apply step can only be true or false/);
});

test('register, loop and loop_control values are checked where they are written', () => {
  const { problems } = load(pb(`- command: "true"
  register: 2bad
- command: "true"
  register: hostvars
- copy: {dest: /x, content: x}
  loop: eth0 eth1
- copy: {dest: /x, content: x}
  loop: [a]
  loop_control: {pause: 3, loop_var: item-x}
- copy: {dest: /x, content: x}
  loop_control: {label: x}
- copy: {dest: /x, content: x}
  failed_when: "x +"`));
  const text = problems.join('\n');
  assert.equal(problems.length, 7, text);
  assert.match(text, /site\.yml:4:17 \[0\]\.tasks\[0\]\.register register must be a variable name/);
  assert.match(text, /site\.yml:6:17 \[0\]\.tasks\[1\]\.register register "hostvars" would hide the var tsprov sets/);
  assert.match(text, /site\.yml:8:13 \[0\]\.tasks\[2\]\.loop loop must be a list, or one "\{\{ expression \}\}"/);
  assert.match(text, /\[0\]\.tasks\[3\]\.loop_control\.pause loop_control\.pause is an Ansible option tsprov does not support \(yet\)/);
  assert.match(text, /\[0\]\.tasks\[3\]\.loop_control\.loop_var loop_control\.loop_var must be a variable name/);
  assert.match(text, /\[0\]\.tasks\[4\]\.loop_control loop_control without loop has no effect/);
  assert.match(text, /\[0\]\.tasks\[5\]\.failed_when unsupported condition "x \+"/);
});

test('register, loop, ignore_errors, failed_when on a handler are refused by name', () => {
  const { problems } = load(`- hosts: all\n  tasks: []\n  handlers:\n    - name: h\n      command: "true"\n      ignore_errors: true\n      register: r\n`);
  assert.equal(problems.length, 2);
  assert.match(problems.join('\n'), /site\.yml:6:7 \[0\]\.handlers\[0\]\.ignore_errors "ignore_errors" on a handler is not supported \(yet\)/);
  assert.match(problems.join('\n'), /site\.yml:7:7 \[0\]\.handlers\[0\]\.register "register" on a handler/);
});

test('pre_tasks, tasks, post_tasks run in that order; a notify before a later section warns', () => {
  const { book, problems, warnings } = load(`- hosts: all
  post_tasks:
    - copy: {dest: /post, content: x}
  tasks:
    - copy: {dest: /main, content: x}
  pre_tasks:
    - copy: {dest: /pre, content: x}
      notify: h
  handlers:
    - name: h
      command: "true"
`);
  assert.deepEqual(problems, []);
  assert.deepEqual(book.plays[0]!.tasks.map((t) => [t.section, t.args.dest]), [['pre_tasks', '/pre'], ['tasks', '/main'], ['post_tasks', '/post']]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^site\.yml:8:15 \[0\]\.pre_tasks\[0\]\.notify Ansible runs handlers notified in pre_tasks before tasks; tsprov runs every notified handler once/);
});

test('a notify of a missing handler is found in pre_tasks and post_tasks too', () => {
  const { problems } = load(`- hosts: all\n  post_tasks:\n    - copy: {dest: /post, content: x}\n      notify: nope\n`);
  assert.match(problems.join('\n'), /site\.yml:4:15 \[0\]\.post_tasks\[0\]\.notify notifies handler "nope"/);
});

test('vars_files: relative to the playbook, later files win, above play vars; first found of a list', () => {
  const { book, problems } = load(`- hosts: all\n  vars: {a: play, b: play, c: play}\n  vars_files:\n    - vars/one.yml\n    - [vars/missing.yml, vars/two.yml]\n  tasks: []\n`, {
    'vars/one.yml': 'a: one\nb: one\nflag: yes\n',
    'vars/two.yml': 'b: two\n',
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(book.plays[0]!.vars, { a: 'one', b: 'two', c: 'play', flag: true });
});

test('vars_files: a missing file, a templated path, a broken file and a non-mapping are positioned', () => {
  const { problems } = load(`- hosts: all\n  vars_files:\n    - nope.yml\n    - "vars/{{ env }}.yml"\n    - broken.yml\n    - list.yml\n  tasks: []\n`, {
    'broken.yml': 'a: [1,\n',
    'list.yml': '- 1\n',
  });
  const text = problems.join('\n');
  assert.match(text, /site\.yml:3:7 \[0\]\.vars_files\[0\] vars file not found: .*nope\.yml \(paths are relative to the playbook's directory\)/);
  assert.match(text, /site\.yml:4:7 \[0\]\.vars_files\[1\] a templated vars_files path \("vars\/\{\{ env \}\}\.yml"\) is not supported \(yet\)/);
  assert.match(text, /^broken\.yml:\d+:\d+ .*invalid YAML/m);
  assert.match(text, /^list\.yml:1:1 {2}a vars file must hold a mapping of var names to values; got a list/m);
});
