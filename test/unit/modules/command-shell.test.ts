/**
 * `command` runs an argv (split before substitution, each word quoted by shJoin), `shell` runs its
 * string, and `{{ v | quote }}` is how a value stays one word there. Proven end to end without a
 * host: playbook text → plan → apply-script fragment → run by a real `sh` in a scratch directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitWords } from '../../../src/config/argv.ts';
import { loadPlaybook, type Playbook } from '../../../src/config/playbook.ts';
import type { Change } from '../../../src/core/change.ts';
import { buildApplyScript } from '../../../src/engine/apply/index.ts';
import { planHost } from '../../../src/engine/plan-host.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { renderTemplate } from '../../../src/template/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { extra, host } from '../engine/fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tsprov-cmd-'));
const PWNED = join(scratch, 'pwned');
const HOSTILE = [
  `$(touch ${PWNED})`,
  `x; touch ${PWNED}`,
  `\`touch ${PWNED}\``,
  `a\ntouch ${PWNED}`,
  '*',
  '-rf',
  `it's "quoted" \\ $HOME`,
  '',
];

function load(yaml: string): Playbook {
  const file = join(mkdtempSync(join(tmpdir(), 'tsprov-cmdpb-')), 'site.yml');
  writeFileSync(file, yaml);
  return loadPlaybook(file, MODULE_CATALOG);
}

function plan(yaml: string, vars: Record<string, unknown>, check = false) {
  const play = load(yaml).plays[0]!;
  return planHost({ play, host: host(vars), bonds: [], backend: 'ifupdown', tags: [], skipTags: [] }, defaultFacts(), extra(), check);
}

const onlyChange = (yaml: string, vars: Record<string, unknown>): Change => {
  const r = plan(yaml, vars);
  assert.equal(r.changes.length, 1);
  return r.changes[0]!;
};

/** Runs a line as the apply script does (`sh -c`), in the scratch dir; its stdout. */
const runSh = (line: string): string => execFileSync('sh', ['-c', line], { cwd: scratch, encoding: 'utf8' });

const PRINT_STRING = `- hosts: all\n  tasks:\n    - command: "printf '<%s>' {{ v }}"\n`;
const PRINT_LIST = `- hosts: all\n  tasks:\n    - command: [printf, "<%s>", "{{ v }}"]\n`;

for (const [form, yaml] of [['string', PRINT_STRING], ['list', PRINT_LIST]] as const) {
  test(`command (${form} form): every hostile value stays exactly one literal word`, () => {
    for (const v of HOSTILE) {
      const c = onlyChange(yaml, { v });
      assert.ok(c.kind === 'command');
      assert.deepEqual(c.argv, ['printf', '<%s>', v], JSON.stringify(v));
      assert.equal(runSh(c.target), `<${v}>`, 'printf got one argument: the value, byte for byte');
    }
    assert.ok(!existsSync(PWNED), 'nothing the values asked for ran');
    assert.deepEqual(readdirSync(scratch), [], 'the glob was not expanded into files, nothing was created');
  });
}

test('command: words around a value keep their own quoting; a number var becomes its text', () => {
  const c = onlyChange(`- hosts: all\n  tasks:\n    - command: "echo 'a  b' pre-{{ v }}-post {{ n }}"\n`, { v: 'x y', n: 30 });
  assert.ok(c.kind === 'command');
  assert.deepEqual(c.argv, ['echo', 'a  b', 'pre-x y-post', '30']);
  assert.equal(c.target, `echo 'a  b' 'pre-x y-post' 30`);
});

test('command: a list var given whole is the argv, item by item', () => {
  const c = onlyChange(`- hosts: all\n  tasks:\n    - command: {argv: "{{ words }}"}\n`, { words: ['printf', '<%s>', 'a b; c', 3] });
  assert.ok(c.kind === 'command');
  assert.deepEqual(c.argv, ['printf', '<%s>', 'a b; c', '3']);
  assert.equal(runSh(c.target), '<a b; c><3>');
});

test('apply script: the value sits only inside single quotes, at both levels of sh', () => {
  const v = `hello $(touch ${PWNED}); \`id\``;
  const c = onlyChange(PRINT_STRING, { v });
  const script = buildApplyScript({ runId: 'r-1', changes: [c], handlers: [] });
  const line = script.split('\n').find((l) => l.startsWith('sh -c '))!;
  assert.ok(line, script);
  // Outside single quotes, the outer line holds only `sh -c`, quote escapes and the redirections.
  assert.equal(outsideSingleQuotes(line), `sh -c \\'\\'\\'\\' </dev/null >&2`);
  const [sh, dashC, inner, ...rest] = splitWords(line);
  assert.deepEqual([sh, dashC, rest], ['sh', '-c', ['</dev/null', '>&2']]);
  assert.equal(outsideSingleQuotes(inner!), 'printf  ', 'the inner line: the value only inside quotes too');
  assert.deepEqual(splitWords(inner!), ['printf', '<%s>', v]);
  const r = spawnSync('dash', ['-c', line.replace(' </dev/null >&2', '')], { cwd: scratch, encoding: 'utf8' });
  assert.equal(r.stdout, `<${v}>`);
  assert.ok(!existsSync(PWNED));
});

/** The text of a sh word sequence that is not inside '…' (to see what sh would interpret). */
function outsideSingleQuotes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] === "'") i = s.indexOf("'", i + 1) + 1;
    else {
      const n = s[i] === '\\' ? 2 : 1; // a backslash escape counts as outside, with its character
      out += s.slice(i, i + n);
      i += n;
    }
  }
  return out;
}

test('shell: the string runs as written, pipes work, and a raw value is inserted as is (as Ansible)', () => {
  const c = onlyChange(`- hosts: all\n  tasks:\n    - shell: "printf '%s\\\\n' a b | wc -l; echo {{ v }}"\n`, { v: 'x' });
  assert.ok(c.kind === 'command');
  assert.equal(c.argv, undefined, 'no argv: it is a shell string');
  assert.equal(runSh(c.target).replace(/ /g, ''), '2\nx\n');
  const raw = onlyChange(`- hosts: all\n  tasks:\n    - shell: "echo {{ v }}"\n`, { v: '$(id -u)' });
  assert.equal(raw.target, 'echo $(id -u)', 'without | quote, the shell interprets the value');
});

test('shell: {{ v | quote }} makes every hostile value one literal word', () => {
  for (const v of HOSTILE) {
    const c = onlyChange(`- hosts: all\n  tasks:\n    - shell: "printf '<%s>' {{ v | quote }} | cat"\n`, { v });
    assert.equal(runSh(c.target), `<${v}>`, JSON.stringify(v));
  }
  assert.ok(!existsSync(PWNED));
});

test('quote filter: the one quoting helper; chains; an unknown filter throws at render, never passes through', () => {
  assert.equal(renderTemplate('{{ v | quote }}', { v: "it's" }), `'it'\\''s'`);
  assert.equal(renderTemplate('{{v|quote}} {{ n | quote }}', { v: 'plain', n: 7 }), 'plain 7');
  assert.equal(renderTemplate('{{ v | quote | quote }}', { v: 'a b' }), `''\\''a b'\\'''`);
  assert.throws(() => renderTemplate('{{ v | b64encode }}', { v: 'x' }), /unknown filter "b64encode"/);
  assert.throws(() => renderTemplate('{{ missing | quote }}', {}), /'missing' is undefined/);
  // Outside the supported subset is an error too, never text copied to a host (docs/templating.md).
  assert.throws(() => renderTemplate('{{ .Go }}', {}), /expected a value, got "\."/);
});

test('check mode: command and shell are both skipped, never run', () => {
  const r = plan(`- hosts: all\n  tasks:\n    - command: "touch {{ f }}"\n    - shell: "touch {{ f }}"\n`, { f: '/tmp/x' }, true);
  assert.deepEqual(r.tasks.map((t) => [t.status, t.skipped]), [
    ['skipped', 'command cannot simulate itself in check mode'],
    ['skipped', 'shell cannot simulate itself in check mode'],
  ]);
  assert.deepEqual(r.changes, []);
});

test('handlers: a command handler runs its argv quoted, a shell handler its string', () => {
  const yaml = `- hosts: all
  tasks:
    - {copy: {dest: /etc/x, content: "x\\n"}, notify: [a, b]}
  handlers:
    - {name: a, command: "logger {{ msg }}"}
    - {name: b, shell: "logger {{ msg | quote }} | cat"}
`;
  const r = plan(yaml, { msg: 'x; reboot' });
  assert.deepEqual(r.handlers.map((h) => h.commands), [[`logger 'x; reboot'`], [`logger 'x; reboot' | cat`]]);
});

test('a secret broken apart by quoting is still found: the change is marked sensitive', () => {
  const r = plan(`- hosts: all\n  tasks:\n    - command: "enroll {{ api_token }}"\n    - shell: "enroll {{ api_token | quote }}"\n`, { api_token: "to'k en" });
  assert.deepEqual(r.changes.map((c) => c.kind === 'command' && c.sensitive), [true, true]);
});
