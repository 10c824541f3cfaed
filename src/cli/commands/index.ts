import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { registerInventory } from './inventory.ts';
import { registerValidate } from './validate.ts';
import { registerRun } from './run.ts';
import { registerFacts } from './facts.ts';
import { registerRender } from './render.ts';
import { registerVerify } from './verify.ts';
import { registerRollback } from './rollback.ts';
import { registerDrift } from './drift.ts';
import { registerConfig } from './config.ts';
import { registerReport } from './report.ts';

/** Each command registers itself; adding a command = one file + one line here. */
export const COMMANDS: Array<(program: Command, ctx: CliContext) => void> = [registerValidate, registerInventory, registerRun, registerFacts, registerRender, registerVerify, registerDrift, registerRollback, registerReport, registerConfig];
