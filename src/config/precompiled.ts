import type { ValidateFunction } from 'ajv';

/**
 * Schema validators generated at build time, keyed by the schema's JSON text. None here, so the
 * sources (tsx: tests, development) compile each schema with ajv on first use; scripts/build.mjs
 * replaces this module in dist/tsprov.js with one that loads dist/tsprov-schemas.cjs, ajv's
 * standalone code for every schema in cli/shipped-schemas.ts, so the bundle neither compiles a
 * schema nor loads ajv to validate. A separate file loaded on first use, because its ~240 KB would
 * otherwise be parsed by every command, `--help` included.
 * Keyed by content, not by a name: a schema that differs from the one compiled finds no entry and
 * is compiled at run time, so a validator can never belong to another version of its schema.
 */
export function precompiled(): ReadonlyMap<string, ValidateFunction> | undefined {
  return undefined;
}
