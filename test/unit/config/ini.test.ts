import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceProblem } from '../../../src/core/errors.ts';
import { parseIni } from '../../../src/config/ini.ts';
import { pyLiteral } from '../../../src/config/py-literal.ts';
import { shlexSplit } from '../../../src/config/shlex.ts';
import { locate } from '../../../src/config/source.ts';

const parse = (text: string, known: string[] = []) => {
  const problems: SourceProblem[] = [];
  const src = parseIni('hosts', text, problems, new Set(known));
  return { src, problems, at: (p: SourceProblem) => `${p.line}:${p.col} ${p.message}` };
};

test('python literals as Ansible INI values: typed when Python reads them, else the text', () => {
  // Each pair is [text, what Python 3.11's ast.literal_eval gives (or the text on failure)].
  const cases: Array<[string, unknown]> = [
    ['22', 22], ['-5', -5], ['0x1f', 31], ['1.5', 1.5], ['1_000', 1000], ["'a b'", 'a b'], ['"x"', 'x'],
    ['True', true], ['None', null], ['[1, "a"]', [1, 'a']], ["{'k': [2]}", { k: [2] }], ['(1, 2)', [1, 2]],
    ['(1)', 1], ['true', 'true'], ['yes', 'yes'], ['0644', '0644'], ['a b', 'a b'], ['', ''], ['1 # c', 1],
    ['abc # c', 'abc # c'], ['10.0.0.1', '10.0.0.1'], ["'a' 'b'", 'ab'], ['-', '-'], ['[1,', '[1,'],
  ];
  for (const [text, want] of cases) assert.deepEqual(pyLiteral(text), want, text);
});

test('shlex split as Ansible splits host lines: quotes, escapes, comments, offsets', () => {
  const r = shlexSplit(`h1 a='1 2' b="q\\"x" c=d#comment`);
  assert.ok(r.ok);
  assert.deepEqual(r.ok && r.tokens.map((t) => t.text), ['h1', 'a=1 2', 'b=q"x', 'c=d']);
  assert.deepEqual(r.ok && r.tokens.map((t) => [t.start, t.valueStart]), [[0, undefined], [3, 5], [11, 13], [20, 22]]);
  const bad = shlexSplit('h1 a="open');
  assert.deepEqual(bad, { ok: false, message: 'No closing quotation', at: 5 });
});

test('INI: sections, vars, children and the hosts before any section, with positions', () => {
  const { src, problems } = parse('loner\n[web]\n  web1 ansible_port=2222\n[web:vars]\nsite = dc1\n[dc:children]\nweb\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(src.data, { ungrouped: { hosts: { loner: {} } }, web: { hosts: { web1: { ansible_port: 2222 } }, vars: { site: 'dc1' } }, dc: { children: { web: null } } });
  assert.deepEqual(locate(src, ['web', 'hosts', 'web1'], true), { line: 3, col: 3 });
  assert.deepEqual(locate(src, ['web', 'hosts', 'web1', 'ansible_port']), { line: 3, col: 21 });
  assert.deepEqual(locate(src, ['web', 'vars', 'site']), { line: 5, col: 8 });
  assert.deepEqual(locate(src, ['dc', 'children', 'web'], true), { line: 7, col: 1 });
});

test('INI errors name line and column', () => {
  const cases: Array<[string, string]> = [
    ['[web:hostz]\nh1\n', '1:1 section [web:hostz] has unknown type "hostz"'],
    ['[web]\nh1 a="open\n', '2:6 cannot split host line: No closing quotation'],
    ['[web]\nh1 novalue\n', '2:4 expected key=value after the host name, got "novalue"'],
    ['[web:vars]\nnoequals\n', '1:1 section [web:vars] is for a group that is never defined'],
    ['[web]\nh1\n[web:vars]\nnoequals\n', '4:1 expected key=value in [web:vars], got "noequals"'],
    ['[p:children]\nghost\n', '2:1 [p:children] includes ghost, a group that is never defined'],
    ['[web servers]\n', '1:1 invalid section "[web servers]"'],
    ['---\nall:\n', '1:1 invalid host "---": this looks like a YAML file'],
    ['[web]\nh1:\n', '2:1 invalid host "h1:": a trailing ":" must be followed by a port'],
  ];
  for (const [text, want] of cases) {
    const { problems, at } = parse(text);
    assert.ok(problems.some((p) => at(p).startsWith(want)), `${JSON.stringify(text)}: wanted ${want}, got ${problems.map(at).join(' | ')}`);
  }
});

test('INI: a group defined by an earlier source may be named without defining it again', () => {
  assert.deepEqual(parse('[web:vars]\na=1\n[p:children]\nweb\n', ['web']).problems, []);
  // A child defined later in the same file is fine too (Ansible keeps it pending).
  assert.deepEqual(parse('[p:children]\nweb\n[web]\nh1\n').problems, []);
});
