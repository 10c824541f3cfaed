/** docs/backends.md's option table is the backends' spelling maps: UPDATE_GOLDEN=1 rewrites it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { optionsTable } from '../../../src/render/options-table.ts';
import { BACKENDS } from '../../../src/config/bond-model.ts';
import { spellings } from '../../../src/render/registry.ts';
import { BOND_OPTION_NAMES } from '../../../src/config/bond-schema.ts';

const DOC = 'docs/backends.md';
const START = '<!-- options-table:start (made by src/render/options-table.ts; UPDATE_GOLDEN=1 rewrites it) -->';
const END = '<!-- options-table:end -->';

test('docs/backends.md holds the option table the renderers actually use', () => {
  const doc = readFileSync(DOC, 'utf8');
  const i = doc.indexOf(START);
  const j = doc.indexOf(END);
  assert.ok(i >= 0 && j > i, `${DOC} has the table markers`);
  const want = `${START}\n${optionsTable()}\n${END}`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, doc.slice(0, i) + want + doc.slice(j + END.length));
  else assert.equal(doc.slice(i, j + END.length), want, `${DOC} is stale: run UPDATE_GOLDEN=1 node --import tsx --test ${process.argv[1]}`);
});

test('every backend with a spelling map spells or refuses every bonding option, none left out', () => {
  for (const b of BACKENDS) {
    const sp = spellings[b];
    if (!sp) continue;
    assert.deepEqual(Object.keys(sp).sort(), [...BOND_OPTION_NAMES].sort(), `${b}: one entry per option`);
    for (const o of BOND_OPTION_NAMES) assert.ok(sp[o] === null || (typeof sp[o] === 'string' && sp[o]!.length > 0), `${b}.${o}`);
  }
});
