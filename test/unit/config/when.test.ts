import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionProblem, evaluateWhen, parseCondition } from '../../../src/config/when.ts';

const vars = {
  os: 'debian',
  bonded: true,
  off: false,
  empty: '',
  roles: ['web', 'db'],
  facts: { kernel: { bonding: 'm' }, os: { id: 'debian' } },
  n: 3,
  zero: 0,
  nothing: null,
  nolist: [],
  nodict: {},
  text_false: 'false',
  text_no: 'no',
  text_yes: 'yes',
  text_zero: '0',
  mtu: 9000,
  min_mtu: 1500,
  site: 'ams1',
  sites: { ams1: {}, fra1: {} },
};

/** Every condition with the value it must have for `vars` (Jinja's `{% if %}`, as ansible-core 2.14 runs it). */
const CASES: [string, boolean][] = [
  // the forms of the first grammar keep their meaning
  ['bonded', true],
  ['not bonded', false],
  ["os == 'debian'", true],
  ['os != "debian"', false],
  ['n == 3', true],
  ['missing is defined', false],
  ['missing is not defined', true],
  ["'web' in roles", true],
  ["'mail' in roles", false],
  ["facts.kernel.bonding == 'm'", true],
  // precedence: not > and > or
  ['bonded or off and off', true],
  ['(bonded or off) and off', false],
  ['not off and bonded', true],
  ['not (off or bonded)', false],
  ['not bonded or bonded', true],
  ['not bonded == true', false],
  ['off and missing', false], // short-circuit: the undefined right side is never read
  ['bonded or missing', true],
  ['missing is undefined or missing', true],
  ['((bonded))', true],
  // comparisons: literal, var vs var, numbers, strings
  ['n < 4', true],
  ['n <= 3', true],
  ['n > 3', false],
  ['n >= 3', true],
  ['mtu > min_mtu', true],
  ['mtu == min_mtu', false],
  ["os < 'fedora'", true],
  ['n > -1', true],
  ['bonded == 1', true], // Python: True == 1
  ['n == 3.0', true],
  ["n == '3'", false],
  // in / not in
  ["os in ['debian', 'ubuntu']", true],
  ["os not in ['debian', 'ubuntu']", false],
  ['os in roles', false],
  ["'deb' in os", true],
  ['site in sites', true],
  ["'lon1' not in sites", true],
  ["facts.os.id in ['rhel', 'rocky']", false],
  // tests
  ['nothing is none', true],
  ['n is none', false],
  ['bonded is true', true],
  ['n is true', false],
  ['off is false', true],
  ['zero is false', false],
  ['missing.deeper is undefined', true],
  ['facts.os.nope is not defined', true],
  // filters reused from src/template
  ['text_no | bool', false],
  ['text_yes | bool', true],
  ['text_false | bool', false],
  ['roles | length > 0', true],
  ['nolist | length > 0', false],
  ['missing | default(false)', false],
  ["os | upper == 'DEBIAN'", true],
  ["text_zero | int == 0", true],
  // truthiness: Python's, so non-empty text is true whatever it says
  ['empty', false],
  ['zero', false],
  ['nothing', false],
  ['nolist', false],
  ['nodict', false],
  ['off', false],
  ['text_false', true],
  ['text_no', true],
  ['text_zero', true],
  ['roles', true],
  ['sites', true],
  ['n', true],
  // `{{ }}` around the whole condition: accepted without its braces
  ['{{ n == 3 }}', true],
  ['{{ off }}', false],
  ['  {{ bonded and n > 2 }}  ', true],
];

for (const [cond, want] of CASES) {
  test(`when: ${cond} → ${want}`, () => {
    assert.equal(evaluateWhen(cond, vars), want);
  });
}

test('when: a list means all must hold; a YAML boolean is itself', () => {
  assert.equal(evaluateWhen(['bonded', "os == 'debian'"], vars), true);
  assert.equal(evaluateWhen(['bonded', 'off'], vars), false);
  assert.equal(evaluateWhen([true, 'bonded'], vars), true);
  assert.equal(evaluateWhen(false, vars), false);
  assert.equal(evaluateWhen(undefined, vars), true);
});

test('when: braces are reported so the loader can warn, only around the whole condition', () => {
  assert.equal(parseCondition('{{ n == 3 }}').braced, true);
  assert.equal(parseCondition('n == 3').braced, false);
});

/** Every refusal, with the exact message `validate` prints at the task's `when`. */
const REFUSED: [string, string][] = [
  ['a * 2', 'multiplication (*) is not supported in when (at character 3'],
  ['a + 1 > 2', 'arithmetic (+) is not supported in when (at character 3'],
  ['-a > 1', 'unary minus on a variable is not supported in when (at character 1'],
  ['a ~ b', 'the ~ operator is not supported in when (at character 1'],
  ['a if b else c', 'an inline if/else is not supported in when (at character 3'],
  ["{'k': 1} == a", 'a dict literal is not supported in when (at character 1'],
  ['a < b < c', 'a chained comparison (a < b < c) is not supported in when; use and (at character 7'],
  ['(a == b) == c', 'a comparison used as a value is not supported in when (at character 2'],
  ['(a or b) == c', '"or" inside a comparison or filter is not supported in when (at character 4'],
  ['(not a) | bool', '"not" inside a comparison or filter is not supported in when (at character 2'],
  ['(a is defined) == b', 'a test used as a value is not supported in when (at character 7'],
  ["a is version('1', '>=')", 'test "version" is not supported in when; tests there: defined, undefined, none, true, false, changed, change, failed, failure, succeeded, success, successful, skipped, skip, search, match (at character 6'],
  ["a is match('x', true)", 'an argument to test "match" is not supported in when (at character 17'],
  ['a is search(b)', 'a test argument that is not a literal is not supported in when (at character 13'],
  ['a is defined(1)', 'an argument to test "defined" is not supported in when (at character 14'],
  ["'x' is defined", 'a test on a literal is not supported in when (at character 8'],
  ['a | to_json', 'filter "to_json" is not supported in when; filters there: bool, length, count, int, lower, upper, trim, string, default, d (at character 5'],
  ['a | bool(1)', 'filter "bool" with 1 argument is not supported in when (at character 5'],
  ['a | int(base=16)', 'a keyword argument to filter "int" is not supported in when (at character 5'],
  ['a | default(b)', 'a filter argument that is not a literal is not supported in when (at character 13'],
  ['a[b]', 'an index that is not a literal is not supported in when (at character 3'],
  ["'ab'[0] == a", 'indexing a literal is not supported in when (at character 5'],
  ['a in [b]', 'a list holding anything but literals is not supported in when (at character 6'],
  ["['a'] == a", 'a list on the left of a comparison is not supported in when (at character 1'],
  ["a < ['x']", 'a list on the right of "<" is not supported in when (at character 5'],
  ["'a' == 'a'", 'a comparison of two literals is not supported in when; its result never changes (at character 1'],
  ['true', 'a condition that uses no variable is not supported in when; write when: true or when: false (YAML booleans) (at character 1'],
  ['', 'an empty condition is not supported; omit when: or write when: true (at character 1'],
  ["lookup('env', 'HOME')", 'calls (lookup(), range(), methods like .split()) are not supported in when; use a filter (at character 7'],
  ['process.exit(1)', 'calls (lookup(), range(), methods like .split()) are not supported in when; use a filter (at character 13'],
  ['a[1:2]', 'slices ([a:b]) are not supported in when (at character 4'],
  ['(a, b)', 'tuples are not supported in when; use a list [a, b] (at character 3'],
  ['{{ a }} == 1', '{{ }} around part of a condition is not supported; write the bare expression, e.g. when: x == 1 (at character 1'],
  ['{% if a %}', 'a Jinja statement ({% %}) is not supported; write the bare expression, e.g. when: x == 1 (at character 1'],
  ['a and', 'expected a value, got the end of the expression (at character 6'],
  ["a == 'x", 'unterminated string (at character 6'],
];

for (const [cond, message] of REFUSED) {
  test(`when refused: ${JSON.stringify(cond)}`, () => {
    let problem = '';
    try {
      parseCondition(cond);
    } catch (e) {
      problem = conditionProblem(cond, e);
    }
    assert.equal(problem, `unsupported condition ${JSON.stringify(cond)}: ${message}; see docs/playbook.md#when)`);
  });
}

test('when: an undefined var read outside `is defined` fails with Ansible\'s message', () => {
  assert.throws(() => evaluateWhen('nothere', vars), { message: `condition "nothere" failed: 'nothere' is undefined` });
  assert.throws(() => evaluateWhen("missing == 'x'", vars), { message: `condition "missing == 'x'" failed: 'missing' is undefined` });
  assert.throws(() => evaluateWhen('facts.os.nope', vars), { message: `condition "facts.os.nope" failed: 'dict object' has no attribute 'nope'` });
  // an unquoted word is a variable, as in Ansible, so this is an undefined var, not a syntax error
  assert.throws(() => evaluateWhen('os == debian', vars), { message: `condition "os == debian" failed: 'debian' is undefined` });
});

test('when: type errors of a comparison fail the condition', () => {
  assert.throws(() => evaluateWhen("n < 'x'", vars), { message: `condition "n < 'x'" failed: '<' not supported between instances of 'int' and 'str'` });
  assert.throws(() => evaluateWhen('n in os', vars), { message: `condition "n in os" failed: 'in <string>' requires string as left operand, not int` });
});

test('when: {{ }} giving text is refused, since Ansible would evaluate that text again', () => {
  assert.throws(() => evaluateWhen('{{ text_no }}', vars), {
    message: `condition "{{ text_no }}": its value is the text "no", which Ansible would evaluate again as a condition and tsprov does not; drop the {{ }} (and use | bool for "yes"/"no")`,
  });
});
