// Bundles the CLI into dist/tsprov.js (one ES module with yaml, commander and ssh-config inside;
// the packages loaded on first use — ajv, diff, listr2, ssh2 — stay external), so
// `tsprov` starts without transpiling ~240 TypeScript files on every run (tsx: 1-2 s; the bundle:
// a few hundred ms). bin/tsprov.js uses the bundle only while it is newer than every file in
// src/, and runs the sources through tsx otherwise, so a stale dist/ is never what runs.
// Beside it, dist/tsprov-schemas.cjs: the JSON Schemas compiled to code (scripts/precompile-schemas.mjs).
//
//   node scripts/build.mjs [--outfile PATH]     (default dist/tsprov.js, relative to the cwd)
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { precompiledModule } from './precompile-schemas.mjs';

const { values: args } = parseArgs({ options: { outfile: { type: 'string', default: 'dist/tsprov.js' } } });
const started = Date.now();
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

// Written first: a bundle newer than every source (bin/tsprov.js runs it then) has its schemas.
await build({ ...common, stdin: { contents: await precompiledModule(), resolveDir: resolve('.'), loader: 'js' }, format: 'cjs', outfile: join(dirname(args.outfile), 'tsprov-schemas.cjs') });

/** In the bundle, src/config/precompiled.ts loads that file, on the first schema check. */
const precompiledSchemas = {
  name: 'precompiled-schemas',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]config[\\/]precompiled\.ts$/ }, () => ({
      contents: "let m; export const precompiled = () => (m ??= require('./tsprov-schemas.cjs').PRECOMPILED);",
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: args.outfile,
  format: 'esm',
  // Resolving and loading yaml's and commander's many files cost `tsprov --help` a quarter of
  // its start-up; the packages core/lazy.ts loads on first use stay outside, loaded only when used.
  external: ['ajv', 'diff', 'listr2', 'ssh2', 'tsx', 'tsx/*', './tsprov-schemas.cjs'],
  plugins: [precompiledSchemas],
  // A CommonJS package inside an ES module bundle may call require() for node builtins.
  banner: { js: "import { createRequire as __tsprovRequire } from 'node:module'; const require = __tsprovRequire(import.meta.url);" },
  sourcemap: 'linked',
});
process.stderr.write(`build: ${args.outfile} in ${Date.now() - started} ms\n`);
