// Bundles the CLI into dist/tsprov.js (one ES module with yaml, commander and ssh-config inside;
// the packages loaded on first use — ajv, diff, listr2, ssh2 — stay external), so
// `tsprov` starts without transpiling ~240 TypeScript files on every run (tsx: 1-2 s; the bundle:
// a few hundred ms). bin/tsprov.js uses the bundle only while it is newer than every file in
// src/, and runs the sources through tsx otherwise, so a stale dist/ is never what runs.
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/tsprov.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Resolving and loading yaml's and commander's many files cost `tsprov --help` a quarter of
  // its start-up; the packages core/lazy.ts loads on first use stay outside, loaded only when used.
  external: ['ajv', 'diff', 'listr2', 'ssh2', 'tsx', 'tsx/*'],
  // A CommonJS package inside an ES module bundle may call require() for node builtins.
  banner: { js: "import { createRequire as __tsprovRequire } from 'node:module'; const require = __tsprovRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
process.stderr.write(`build: dist/tsprov.js in ${Date.now() - started} ms\n`);
