#!/usr/bin/env node
// Runs the TypeScript sources through tsx so that `npx tsprov` always runs exactly what is in
// src/: there is no build step to forget and no stale dist/ to debug.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
