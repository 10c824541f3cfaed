/**
 * Every schema config/schema-check.ts is handed: scripts/build.mjs compiles these into the bundle
 * (config/precompiled.ts), and a unit test holds the precompiled validators to the run-time ones.
 * It lives in cli/ because only cli/ may import all three layers that own them. A schema missing
 * here still works: it is compiled at run time, at start-up cost.
 */
import { PLAY_SCHEMA, TASK_SCHEMA } from '../config/playbook-schema.ts';
import { VARS_SCHEMA } from '../inventory/vars-schema.ts';
import { MODULE_CATALOG } from '../modules/schemas.ts';

export const SHIPPED_SCHEMAS: ReadonlyArray<readonly [name: string, schema: object]> = [
  ['VARS_SCHEMA', VARS_SCHEMA],
  ['PLAY_SCHEMA', PLAY_SCHEMA],
  ['TASK_SCHEMA', TASK_SCHEMA],
  ...Object.entries(MODULE_CATALOG).map(([name, m]) => [`module ${name}`, m.schema] as const),
];
