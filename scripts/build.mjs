// Bundles the CLI into dist/tsprov.js (one ES module; npm packages stay external imports), so
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
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
process.stderr.write(`build: dist/tsprov.js in ${Date.now() - started} ms\n`);
