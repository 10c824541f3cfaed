/**
 * Jinja tests (`x is defined`, `x is not none`, …) that tsprov supports, with Jinja's and
 * Ansible's meaning. `defined`/`undefined` are the only ones an undefined value may reach.
 */
import { pySearch } from './regex-test.ts';
import { equal, isMapping, isUndefined, str, truthy, type Value } from './values.ts';
import type { CallSpec } from './filters.ts';

export interface TestSpec extends CallSpec {
  apply(v: Value, args: Value[]): boolean;
}

const isNumber = (v: Value): boolean => typeof v === 'number';
const isString = (v: Value): v is string => typeof v === 'string';

function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (Array.isArray(container)) return container.some((x) => equal(x, item));
  if (isMapping(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  return false;
}

const regexTest =
  (mode: 'match' | 'search') =>
  (v: Value, [pattern, ignorecase = false, multiline = false]: Value[]): boolean =>
    pySearch(str(v), str(pattern), mode, { ignorecase: truthy(ignorecase), multiline: truthy(multiline) });

export const TESTS: Record<string, TestSpec> = {
  defined: { params: [], undefinedOk: true, apply: (v) => !isUndefined(v) },
  undefined: { params: [], undefinedOk: true, apply: (v) => isUndefined(v) },
  none: { params: [], apply: (v) => v === null },
  boolean: { params: [], apply: (v) => typeof v === 'boolean' },
  true: { params: [], apply: (v) => v === true },
  false: { params: [], apply: (v) => v === false },
  string: { params: [], apply: isString },
  number: { params: [], apply: isNumber },
  integer: { params: [], apply: (v) => typeof v === 'number' && Number.isInteger(v) },
  float: { params: [], apply: (v) => typeof v === 'number' && !Number.isInteger(v) },
  mapping: { params: [], apply: (v) => isMapping(v) },
  sequence: { params: [], apply: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v) },
  iterable: { params: [], apply: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v) },
  lower: { params: [], apply: (v) => isString(v) && v === v.toLowerCase() },
  upper: { params: [], apply: (v) => isString(v) && v === v.toUpperCase() },
  even: { params: [], apply: (v) => typeof v === 'number' && Number.isInteger(v) && v % 2 === 0 },
  odd: { params: [], apply: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v % 2) === 1 },
  divisibleby: { params: ['num'], required: 1, apply: (v, [n]) => typeof v === 'number' && typeof n === 'number' && n !== 0 && v % n === 0 },
  eq: { params: ['other'], required: 1, apply: (v, [o]) => equal(v, o) },
  ne: { params: ['other'], required: 1, apply: (v, [o]) => !equal(v, o) },
  in: { params: ['seq'], required: 1, apply: (v, [seq]) => contains(seq, v) },
  contains: { params: ['item'], required: 1, apply: (v, [item]) => contains(v, item) },
  // Ansible's: "truthy" is Python truthiness, as `when: x` on a value.
  truthy: { params: [], apply: (v) => truthy(v) },
  falsy: { params: [], apply: (v) => !truthy(v) },
  match: { params: ['pattern', 'ignorecase', 'multiline'], required: 1, apply: regexTest('match') },
  search: { params: ['pattern', 'ignorecase', 'multiline'], required: 1, apply: regexTest('search') },
};
// Ansible's task-result tests (lib/ansible/plugins/test/core.py): a registered result is a mapping.
const result = (name: string, f: (r: Record<string, Value>) => boolean): TestSpec => ({
  params: [],
  apply: (v) => {
    if (!isMapping(v)) throw new Error(`The '${name}' test expects a dictionary`);
    return f(v as Record<string, Value>);
  },
});
const failedOf = (r: Record<string, Value>): boolean => truthy(r.failed ?? false);
const changedOf = (r: Record<string, Value>): boolean =>
  Array.isArray(r.results) ? r.results.some((x) => isMapping(x) && truthy((x as Record<string, Value>).changed ?? false)) : truthy(r.changed ?? false);
const skippedOf = (r: Record<string, Value>): boolean => truthy(r.skipped ?? false);
for (const n of ['failed', 'failure']) TESTS[n] = result(n, failedOf);
for (const n of ['succeeded', 'success', 'successful']) TESTS[n] = result(n, (r) => !failedOf(r));
for (const n of ['changed', 'change']) TESTS[n] = result(n, changedOf);
for (const n of ['skipped', 'skip']) TESTS[n] = result(n, skippedOf);
TESTS.equalto = TESTS.eq!;
TESTS.sameas = { params: ['other'], required: 1, apply: (v, [o]) => v === o };
