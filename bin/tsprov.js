#!/usr/bin/env node
// Runs the TypeScript sources through tsx so that `npx tsprov` always runs exactly what is in
// src/: there is no build step to forget and no stale dist/ to debug.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
const { internalError } = await import('../src/cli/context.ts');
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
