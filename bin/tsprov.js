#!/usr/bin/env node
// Runs dist/tsprov.js (scripts/build.mjs, run by `npm ci`/`npm test`) when it is newer than every
// file in src/, else the TypeScript sources through tsx: what runs is always exactly what is in
// src/, and a stale dist/ is never used. TSPROV_FROM_SOURCE=1 forces the sources.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
function bundleIsFresh() {
  if (process.env.TSPROV_FROM_SOURCE === '1') return false;
  try {
    return statSync(here('../dist/tsprov.js')).mtimeMs >= newest(here('../src'));
  } catch {
    return false;
  }
}
let cli;
// TSPROV_DEBUG=1 prints stacks: point them at src/ through the bundle's source map.
if (process.env.TSPROV_DEBUG === '1') process.setSourceMapsEnabled(true);
if (bundleIsFresh()) cli = await import('../dist/tsprov.js');
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
}
const { main, internalError } = cli;
// A stray rejection or exception (a bug) ends the run with one line and exit 5, not a stack:
// hosts mid-apply are protected by their own rollback timers, not by this process.
const err = { err: (s) => process.stderr.write(`${s}\n`) };
const die = (e) => {
  process.exitCode = internalError(e, err);
  process.exit();
};
process.on('uncaughtException', die);
process.on('unhandledRejection', die);
process.exitCode = await main(process.argv.slice(2));
