import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_UNITS } from './golden-units.ts';

const ROOT = new URL('../../golden/facts/', import.meta.url).pathname;
// UPDATE_GOLDEN=1 rewrites expectations; review every changed .json before keeping it.
const update = process.env['UPDATE_GOLDEN'] === '1';

for (const [unit, spec] of Object.entries(GOLDEN_UNITS)) {
  const dir = join(ROOT, unit);
  const cases = readdirSync(dir).filter((f) => f.endsWith(spec.input)).sort();
  test(`golden facts/${unit} has cases`, () => assert.ok(cases.length >= 2, `${dir}: need at least 2 cases`));
  for (const file of cases) {
    const name = file.slice(0, -spec.input.length);
    test(`golden facts/${unit}/${name}`, () => {
      const actual = JSON.parse(JSON.stringify(spec.run(readFileSync(join(dir, file), 'utf8'), name)));
      const expectedPath = join(dir, `${name}.json`);
      if (update) writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.ok(existsSync(expectedPath), `missing ${expectedPath} (run with UPDATE_GOLDEN=1, then review)`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
}
