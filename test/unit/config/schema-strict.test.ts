/**
 * Runs skip ajv's strict mode, meta-schema checks and code optimisation to start fast
 * (src/config/schema-check.ts); this test keeps the guarantee they gave: every schema tsprov ships
 * compiles under all three, so an authoring mistake (an unknown keyword, a type ajv would
 * coerce, a misspelt property) fails here instead of being silently accepted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { STRICT_AJV_OPTIONS } from '../../../src/config/schema-check.ts';
import { BOND_LIST_SCHEMA, BOND_SCHEMA } from '../../../src/config/bond-schema.ts';
import { SHIPPED_SCHEMAS } from '../../../src/cli/shipped-schemas.ts';

test('every shipped schema compiles in strict mode against the meta-schema', () => {
  const schemas: Array<readonly [string, object]> = [...SHIPPED_SCHEMAS, ['BOND_SCHEMA', BOND_SCHEMA], ['BOND_LIST_SCHEMA', BOND_LIST_SCHEMA]];
  for (const [name, schema] of schemas) {
    const ajv = new Ajv({ ...STRICT_AJV_OPTIONS, strictTypes: true, logger: { log() {}, warn: (m: unknown) => assert.fail(`${name}: ${String(m)}`), error: (m: unknown) => assert.fail(`${name}: ${String(m)}`) } });
    assert.doesNotThrow(() => ajv.compile(schema), name);
  }
  // Control: the same check does catch a mistake.
  assert.throws(() => new Ajv(STRICT_AJV_OPTIONS).compile({ type: 'object', properties: { a: { typ: 'string' } } }), /unknown keyword/);
});
