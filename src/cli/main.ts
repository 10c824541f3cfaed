import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/exit-codes.ts';
import { internalError, type CliContext } from './context.ts';
import { COMMANDS } from './commands/index.ts';

// bin/tsprov.js takes both from one module, the bundle or the sources.
export { internalError } from './context.ts';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('tsprov')
    .description('Ansible-style, push-based provisioning for Linux NIC bonding, over SSH')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.out(s.replace(/\n$/, '')), writeErr: (s) => ctx.err(s.replace(/\n$/, '')) })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  // Unknown options and excess arguments are errors everywhere, not silently ignored.
  for (const cmd of [program, ...program.commands]) cmd.allowUnknownOption(false).allowExcessArguments(false).exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const ctx: CliContext = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    exitCode: ExitCode.ok,
  };
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      const fine = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code);
      return fine ? ExitCode.ok : ExitCode.usage;
    }
    return internalError(e, ctx);
  }
  return ctx.exitCode;
}
