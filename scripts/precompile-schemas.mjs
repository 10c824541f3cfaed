// ajv standalone validation code for every schema in src/cli/shipped-schemas.ts, as the CommonJS
// module scripts/build.mjs bundles into dist/tsprov-schemas.cjs, which the bundle's
// config/precompiled.ts loads on first use. Compiling the schemas was about half of `tsprov
// validate`'s start-up (loading ajv, generating and evaluating code); now it loads no ajv at all.
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);

/** The shipped schemas and ajv's run-time options, read from the sources (bundled, then imported). */
async function loadSchemas(cwd) {
  const out = await build({
    stdin: {
      contents: "export { SHIPPED_SCHEMAS } from './src/cli/shipped-schemas.ts'; export { RUN_AJV_OPTIONS } from './src/config/schema-check.ts';",
      resolveDir: cwd,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'warning',
    // Only the constants are wanted: ajv is never called while they load.
    external: ['ajv'],
  });
  const file = join(tmpdir(), `tsprov-schemas-${process.pid}.mjs`);
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The module's source: ajv's standalone code (same options as a run's compile, so the same code
 * and the same errors, in the same order) and `PRECOMPILED`, keyed by each schema's JSON text as
 * config/schema-check.ts looks it up. Runnable as it is (a .cjs file) on the machine that made it.
 */
export async function precompiledModule(cwd = process.cwd()) {
  const { SHIPPED_SCHEMAS, RUN_AJV_OPTIONS } = await loadSchemas(cwd);
  const ajv = new Ajv({ ...RUN_AJV_OPTIONS, code: { ...RUN_AJV_OPTIONS.code, source: true } });
  const exports = {};
  SHIPPED_SCHEMAS.forEach(([, schema], i) => {
    ajv.addSchema(schema, `s${i}`);
    exports[`s${i}`] = `s${i}`;
  });
  // The generated code require()s ajv's small runtime helpers (ucs2length for minLength, …) by
  // package path, which the bundler would leave to ajv's package; absolute paths make it take
  // them in, so no file of ajv's is loaded at run time.
  const code = standaloneCode(ajv, exports).replace(/require\("(ajv\/dist\/runtime\/[\w/]+)"\)/g, (_, p) => `require(${JSON.stringify(require.resolve(p))})`);
  const entries = SHIPPED_SCHEMAS.map(([, schema], i) => `  [${JSON.stringify(JSON.stringify(schema))}, exports.s${i}],`);
  return `${code}\nexports.PRECOMPILED = new Map([\n${entries.join('\n')}\n]);\n`;
}
