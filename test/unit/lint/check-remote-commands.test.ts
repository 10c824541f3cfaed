/** The lint:commands checker itself, on fixture sources that must pass and that must fail. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSources } from '../../../scripts/lint-commands/program.ts';

const QUOTE = `export type ShellText = string;
export function shq(v: string | number): ShellText { return "'" + String(v) + "'"; }
export function shJoin(w: ReadonlyArray<string>): ShellText { return w.map(shq).join(' '); }
`;
const run = (body: string) => checkSources({ 'src/core/quote.ts': QUOTE, 'src/x.ts': `import { shq, shJoin, type ShellText } from './core/quote.ts';\n${body}` });

test('a raw ${name} in a ShellText builder fails with file:line:col and the expression', () => {
  const f = run('export function up(name: string): ShellText { return `ifup -- ${name}`; }');
  assert.equal(f.length, 1);
  assert.deepEqual([f[0]!.file, f[0]!.line, f[0]!.col, f[0]!.expression], ['src/x.ts', 2, 65, 'name']);
});

test('+ concatenation of a raw value fails', () => {
  const f = run("export function up(name: string): ShellText { return 'ifup -- ' + name; }");
  assert.deepEqual(f.map((x) => x.expression), ['name']);
});

test('quoted values, literals and consts built from them pass', () => {
  assert.deepEqual(run([
    "const TOOL = 'ifup';",
    'export function up(name: string, words: string[]): ShellText { const q = shq(name); return `${TOOL} -- ${q} ${shJoin(words)} ${words.map(shq).join(" ")} ${3}`; }',
  ].join('\n')), []);
});

test('an annotated interpolation passes; a marker without a reason fails', () => {
  assert.deepEqual(run('export function w(n: number): ShellText { return `sleep ${/* sh-safe: integer */ n}`; }'), []);
  assert.equal(run('export function w(n: number): ShellText { return `sleep ${/* sh-safe: */ n}`; }')[0]?.why, 'an sh-safe marker must give its reason');
});

test('a nested template is looked into', () => {
  const f = run('export function e(b: string): ShellText { return `echo ${`x ${b}`}`; }');
  assert.deepEqual(f.map((x) => x.expression), ['b']);
  assert.deepEqual(run('export function e(b: string): ShellText { return `echo ${`x ${shq(b)}`}`; }'), []);
});

test('arguments to a ShellText parameter are checked; an unannotated helper call fails', () => {
  const f = run('function exec(c: ShellText): void { void c; }\nfunction dir(p: string): string { return p; }\nexport function go(p: string): void { exec(`rm -- ${dir(p)}`); }');
  assert.equal(f.length, 1);
  assert.match(f[0]!.why, /dir\(\) is not declared to return ShellText/);
});

test('what sh -c runs through shq must itself be shell text', () => {
  const f = run('export function go(script: string): ShellText { return `sh -c ${shq(script)}`; }');
  assert.deepEqual(f.map((x) => x.expression), ['script']);
});

test('pushes onto an unannotated const array are refused; onto a ShellText[] they are checked', () => {
  assert.equal(run('export function f(n: string): ShellText { const l = []; l.push(n); return l.join(" "); }').length, 1);
  assert.deepEqual(run('export function f(n: string): ShellText { const l: ShellText[] = []; l.push(`a ${n}`); return l.join(" "); }').map((x) => x.expression), ['n']);
});
