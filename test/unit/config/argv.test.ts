/**
 * `command`'s word split (shlex.split in POSIX mode, as Ansible's command module) and the load-time
 * errors of what cannot be split or rendered: positioned at file:line:col, never literal output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SplitError, splitWords } from '../../../src/config/argv.ts';
import { loadPlaybook } from '../../../src/config/playbook.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { FILTERS } from '../../../src/template/index.ts';

test('split: whitespace separates, quotes group, nothing else is special', () => {
  assert.deepEqual(splitWords('ls -l  /tmp'), ['ls', '-l', '/tmp']);
  assert.deepEqual(splitWords(' \tls\n-l\n'), ['ls', '-l']);
  assert.deepEqual(splitWords(`echo 'a  b' "c d" e"f g"h`), ['echo', 'a  b', 'c d', 'ef gh']);
  assert.deepEqual(splitWords('echo a|b > c; $(id) `id` * $HOME'), ['echo', 'a|b', '>', 'c;', '$(id)', '`id`', '*', '$HOME']);
  assert.deepEqual(splitWords(''), []);
});

test('split: escapes as shlex does them', () => {
  assert.deepEqual(splitWords(String.raw`a\ b it\'s \\x`), ['a b', "it's", '\\x']);
  assert.deepEqual(splitWords(String.raw`"say \"hi\" \\ \n"`), [String.raw`say "hi" \ \n`], 'in "…" only \\" and \\\\ escape');
  assert.deepEqual(splitWords(String.raw`'no \escape here'`), [String.raw`no \escape here`]);
});

test('split: empty strings are words of their own', () => {
  assert.deepEqual(splitWords(`a '' "" b`), ['a', '', '', 'b']);
  assert.deepEqual(splitWords(`''`), ['']);
});

test('split: an unbalanced quote or a trailing backslash is an error with its offset', () => {
  assert.throws(() => splitWords(`echo 'oops`), (e: unknown) => e instanceof SplitError && e.offset === 5 && /unbalanced ' quote \(opened at character 6\)/.test(e.message));
  assert.throws(() => splitWords(`echo "oops`), /unbalanced " quote/);
  assert.throws(() => splitWords(`echo oops\\`), /trailing backslash/);
});

test('split: a {{ }} is copied whole into its word, spaces and all, inside or outside quotes', () => {
  assert.deepEqual(splitWords('echo {{ motd_text }} x{{ a.b }}y'), ['echo', '{{ motd_text }}', 'x{{ a.b }}y']);
  assert.deepEqual(splitWords(`echo "pre {{ v }}" '{{ w }}'`), ['echo', 'pre {{ v }}', '{{ w }}']);
  assert.deepEqual(splitWords('echo {{ unclosed'), ['echo', '{{', 'unclosed'], 'no }}: plain text');
});

function problems(yaml: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-argv-'));
  const file = join(dir, 'site.yml');
  writeFileSync(file, yaml);
  try {
    loadPlaybook(file, MODULE_CATALOG);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}`);
  }
}

test('load: an unbalanced quote in command is a positioned error, templated or not', () => {
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - command: "echo 'hi {{ x }}"\n`), [
    `3:16 [0].tasks[0].command.cmd unbalanced ' quote (opened at character 6)`,
  ]);
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - command:\n        cmd: echo "hi\n`), [`4:14 [0].tasks[0].command.cmd unbalanced " quote (opened at character 6)`]);
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - command: "  "\n`), [`3:16 [0].tasks[0].command.cmd has no words to run`]);
});

test('load: shell strings are not split, so its quotes are the shell\'s business', () => {
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - shell: "echo 'unbalanced | wc -l"\n`), []);
});

test('load: an unknown filter is a positioned error in any module, never literal output', () => {
  const got = problems(`- hosts: all\n  tasks:\n    - shell: "echo {{ motd | to_nice_yaml }}"\n    - copy: {dest: /etc/motd, content: "{{ a | quote | b4 }}"}\n`);
  const known = Object.keys(FILTERS).sort().join(', ');
  assert.deepEqual(got, [
    `3:14 [0].tasks[0].shell.cmd unknown filter "to_nice_yaml" (tsprov supports: ${known}; see docs/templating.md) (at character 16 of "echo {{ motd | to_nice_yaml }}")`,
    `4:40 [0].tasks[1].copy.content unknown filter "b4" (tsprov supports: ${known}; see docs/templating.md) (at character 16 of "{{ a | quote | b4 }}")`,
  ]);
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - shell: "echo {{ motd | quote }}"\n`), []);
});

test('load: command takes a list (free form or cmd/argv), and exactly one of cmd or argv', () => {
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - command: [touch, "{{ f }}"]\n    - command: {argv: [ls, -l]}\n    - command: {cmd: [ls]}\n`), []);
  assert.deepEqual(problems(`- hosts: all\n  tasks:\n    - command: {cmd: ls, argv: [ls]}\n`), [`3:16 [0].tasks[0].command set exactly one of cmd (a string or a list) or argv (a list)`]);
  assert.equal(problems(`- hosts: all\n  tasks:\n    - shell: [ls, -l]\n`).length, 1, 'shell takes a string only');
});
