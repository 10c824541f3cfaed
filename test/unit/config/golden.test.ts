import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../../src/core/errors.ts';
import { checkProject } from '../../../src/inventory/validate.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

/**
 * Invalid-config corpus: each folder holds inventory.yml (and maybe playbook.yml) plus expected.txt,
 * the exact `file:line:col  path  message` lines `tsprov validate` must print, paths relative to
 * the folder. UPDATE_GOLDEN=1 rewrites expected.txt (review the diff!).
 */
const root = 'test/golden/config/invalid';
const cases = readdirSync(root).sort();

test('the invalid corpus is large enough', () => {
  assert.ok(cases.length >= 45, `only ${cases.length} cases`);
});

for (const name of cases) {
  test(`invalid: ${name}`, () => {
    const dir = join(root, name);
    const playbook = existsSync(join(dir, 'playbook.yml')) ? join(dir, 'playbook.yml') : undefined;
    const { problems } = checkProject([join(dir, 'inventory.yml')], playbook, MODULE_CATALOG);
    const actual = problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) })).join('\n') + '\n';
    const expectedFile = join(dir, 'expected.txt');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual);
    assert.notEqual(problems.length, 0, 'an invalid case must produce at least one problem');
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));
  });
}
