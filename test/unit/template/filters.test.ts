/**
 * Filters, tests and expressions against ansible-core 2.14.18 (Jinja 3.1): every expected value
 * below is what `Templar.template()` returned for the same template and vars (captured on the
 * controller with ansible-core installed; the test itself does not need Ansible).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate, renderValue, scopeOf, TemplateError } from '../../../src/template/index.ts';

const r = (t: string, vars: Record<string, unknown> = {}): string => renderTemplate(t, vars);

test('int: Jinja tries int(v, base), then int(float(v)), then the default — "0x10" is 0 unless base=16', () => {
  assert.equal(r('{{ v|int }}', { v: '0x10' }), '0');
  assert.equal(r('{{ v|int(base=16) }}', { v: '0x10' }), '16');
  assert.equal(r('{{ v|int(0, 16) }}', { v: 'ff' }), '255');
  assert.equal(r("{{ '42.7'|int }}"), '42');
  assert.equal(r("{{ ' 1_000 '|int }}"), '1000', 'Python int() takes underscores and surrounding space');
  assert.equal(r("{{ '1e3'|int }}"), '1000');
  assert.equal(r("{{ 'abc'|int(7) }}"), '7');
  assert.equal(r('{{ true|int }}'), '1');
  assert.equal(r('{{ -3.9|int }}'), '-3');
  assert.equal(r('{{ none|int }}'), '0');
  assert.throws(() => r("{{ 'inf'|int }}"), /infinity/, 'Jinja 3.1.2 (ansible-core 2.14) raises here');
  assert.deepEqual(renderValue('{{ v | int }}', scopeOf({ v: '30' })), 30, 'a lone expression keeps its type');
});

test('bool: Ansible’s to_bool — yes/on/1/true (any case) and 1 are true, everything else false, none stays none', () => {
  for (const [v, want] of [['yes', 'True'], ['Yes', 'True'], ['on', 'True'], ['1', 'True'], ['y', 'False'], ['no', 'False'], ['0', 'False']] as const) {
    assert.equal(r('{{ v|bool }}', { v }), want, v);
  }
  assert.equal(r('{{ 1|bool }}'), 'True');
  assert.equal(r('{{ 2|bool }}'), 'False', 'only 1 among numbers');
  assert.equal(renderValue('{{ n|bool }}', scopeOf({ n: null })), null);
});

test('default / d: only an undefined value, unless the boolean argument asks for falsy ones too', () => {
  assert.equal(r("{{ u|default('d') }}"), 'd');
  assert.equal(r("{{ e|default('d') }}", { e: '' }), '');
  assert.equal(r("{{ e|d('d', true) }}", { e: '' }), 'd');
  assert.equal(r("x{{ n|default('d') }}", { n: null }), 'x', 'null is defined; None writes nothing');
  assert.equal(r("{{ n|default('d', true) }}", { n: null }), 'd');
  assert.equal(r('{{ u.x.y|default(3) }}'), '3', 'undefined chains through attributes');
});

test('text filters: lower, upper, capitalize, string, trim, replace, join', () => {
  assert.equal(r("{{ 'AbC'|lower }}-{{ 'AbC'|upper }}"), 'abc-ABC');
  assert.equal(r("{{ 'hello world'|capitalize }}"), 'Hello world');
  assert.equal(r('{{ 5|upper }}'), '5');
  assert.equal(r('{{ true|string }}'), 'True', "Python's str()");
  assert.equal(r("[{{ '  x \t\n'|trim }}]"), '[x]');
  assert.equal(r("[{{ 'xxhixx'|trim('x') }}]"), '[hi]');
  assert.equal(r("{{ 'aaa'|replace('a','b') }}"), 'bbb');
  assert.equal(r("{{ 'aaa'|replace('a','b',2) }}"), 'bba');
  assert.equal(r("{{ 'abc'|replace('','-') }}"), '-a-b-c-', "Python's str.replace with an empty old");
  assert.equal(r("{{ l|join(',') }}", { l: ['a', 1, true] }), 'a,1,True');
  assert.equal(r("{{ 'abc'|join('-') }}"), 'a-b-c');
});

test('length/count, first, last, list', () => {
  assert.equal(r("{{ 'abc'|length }}"), '3');
  assert.equal(r('{{ d|count }}', { d: { a: 1 } }), '1');
  assert.equal(r('{{ l|first }}{{ l|last }}', { l: [1, 2, 3] }), '13');
  assert.equal(r("{{ 'abc'|first }}"), 'a');
  assert.equal(r('{{ d|first }}', { d: { k: 1, j: 2 } }), 'k');
  assert.throws(() => r('{{ []|first }}'), /No first item, sequence was empty/);
  assert.throws(() => r('{{ 5|length }}'), /has no len\(\)/);
});

test('quote: shell-quoted through the one helper (same words as shlex.quote, spelled with \'\\\'\')', () => {
  assert.equal(r("{{ 'a b'|quote }}"), "'a b'");
  assert.equal(r("{{ ''|quote }}"), "''");
  assert.equal(r('{{ none|quote }}'), "''");
  assert.equal(r('{{ v|quote }}', { v: "it's" }), `'it'\\''s'`);
});

test('regex_replace: Python re semantics, translated; what cannot be translated is refused', () => {
  assert.equal(r("{{ 'abc'|regex_replace('(?P<x>b)', '[\\g<x>]') }}"), 'a[b]c');
  assert.equal(r("{{ 'abc'|regex_replace('b', '$1') }}"), 'a$1c', '$ is not special in a Python replacement');
  assert.equal(r("{{ 'a.b.c'|regex_replace('\\.', '-') }}"), 'a-b-c', 'backslashes in a playbook string literal are literal');
  assert.equal(r("{{ 'eth0'|regex_replace('^eth(\\d+)$', 'ens\\1') }}"), 'ens0');
  assert.equal(r("{{ v|regex_replace('b$', 'X') }}", { v: 'ab\n' }), 'aX\n', "Python's $ matches before a final newline");
  assert.equal(r("{{ v|regex_replace('^b', 'X') }}", { v: 'a\nb' }), 'a\nb');
  assert.equal(r("{{ v|regex_replace('^b', 'X', multiline=True) }}", { v: 'a\nb' }), 'a\nX');
  assert.equal(r("{{ 'ABC'|regex_replace('b', 'x', ignorecase=true) }}"), 'AxC');
  assert.equal(r("{{ 'abxd'|regex_replace('x*', '-') }}"), '-a-b--d-');
  assert.equal(r("{{ 'a{b}'|regex_replace('{b}', 'X') }}"), 'aX', 'a { that is no quantifier is a literal');
  assert.equal(r("{{ v|regex_replace('a.b', 'X') }}", { v: 'a\rb' }), 'X', "Python's . matches \\r");
  assert.throws(() => r("{{ 'a'|regex_replace('(?>a)', '') }}"), /atomic groups .* not supported/);
  assert.throws(() => r("{{ 'a'|regex_replace('(?x)a', '') }}"), /inline flag \(\?x\)/);
  assert.throws(() => r("{{ 'a'|regex_replace('a', '\\x41') }}"), /bad escape \\x in the replacement/);
  assert.throws(() => r("{{ v|regex_replace('\\w+', '') }}", { v: 'é' }), /Unicode-wide in Python/);
});

test('tests: defined, undefined, none, number, string, divisibleby, match, search, in', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['{{ u is defined }}', {}, 'False'],
    ['{{ u is undefined }}', {}, 'True'],
    ['{{ n is none }}', { n: null }, 'True'],
    ['{{ 1 is number }}', {}, 'True'],
    ["{{ 'a' is string }}", {}, 'True'],
    ['{{ 3 is divisibleby 3 }}', {}, 'True'],
    ["{{ 'abc' is match('b') }}", {}, 'False'],
    ["{{ 'abc' is search('b') }}", {}, 'True'],
    ['{{ x.b is not defined }}', { x: { a: 1 } }, 'True'],
    ['{{ 2 in [1,2] }}', {}, 'True'],
  ];
  for (const [t, v, want] of cases) assert.equal(r(t, v), want, t);
});

test('expressions: if/else, comparisons, ~, +, and/or, attributes and indexes, Python str() of containers', () => {
  assert.equal(r("{{ 'a' if x else 'b' }}", { x: 0 }), 'b');
  assert.equal(r('{{ 1 < 2 < 3 }}'), 'True');
  assert.equal(r("{{ 'a' ~ 1 ~ true }}"), 'a1True');
  assert.equal(r('{{ 1 + 2 }} {{ [1] + [2] }}'), '3 [1, 2]');
  assert.equal(r("{{ x or 'd' }}", { x: '' }), 'd');
  assert.equal(r("{{ d['k'] }} {{ d.k }} {{ l[0] }} {{ l.1 }} {{ l[-1] }}", { d: { k: 'v' }, l: [5, 6] }), 'v v 5 6 6');
  assert.equal(r('x{{ l }}', { l: ['a', 1, true, null, { k: "it's" }] }), `x['a', 1, True, None, {'k': "it's"}]`);
  assert.equal(r('{{ 1 == true }}'), 'True', 'Python: 1 == True');
});

test('refused, with the offset of what is refused: statements, unknown filters, calls, undefined vars', () => {
  const offset = (t: string, vars: Record<string, unknown> = {}): [number, string] => {
    try {
      r(t, vars);
    } catch (e) {
      assert.ok(e instanceof TemplateError, String(e));
      return [e.offset, e.message];
    }
    assert.fail(`${t} rendered`);
  };
  assert.deepEqual(offset('a {% if x %}y{% endif %}')[0], 2);
  assert.match(offset('a {% if x %}y{% endif %}')[1], /Jinja statements are not supported .*\{% if %\}/);
  assert.deepEqual(offset('{{ x | to_nice_yaml }}', { x: 1 })[0], 7);
  assert.match(offset("{{ lookup('env', 'HOME') }}")[1], /calls .* are not supported/);
  assert.match(offset('{{ 2 * 3 }}')[1], /multiplication/);
  assert.deepEqual(offset('ab {{ nope }}'), [6, "'nope' is undefined"]);
  assert.match(offset('{{ x.y }}', { x: {} })[1], /'dict object' has no attribute 'y'/);
  assert.match(offset('{{ x ')[1], /unterminated/);
  assert.equal(r('a{# note #}b{% raw %}{{ x }}{% endraw %}'), 'ab{{ x }}', 'comments dropped, raw kept');
});

test('template files process Jinja escapes in string literals; playbook strings do not (Ansible _escape_backslashes)', () => {
  assert.equal(renderTemplate("{{ 'a\\tb' }}", {}, { file: true }), 'a\tb');
  assert.equal(renderTemplate("{{ 'a\\tb' }}", {}), 'a\\tb');
});
