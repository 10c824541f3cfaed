import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, formatProblem, TsprovError, type SourceProblem } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { escapeControls } from '../core/show-path.ts';
import type { DiscoveryEnv } from '../config/defaults-discovery.ts';
import { selectHosts, type Inventory } from '../inventory/index.ts';
import { inShard, parseShard, type Shard } from '../inventory/shard.ts';
import { applyConfig, configNotes, loadCliConfig, processDiscovery, type LoadedConfig } from './config-file.ts';

/** What every command action gets: where to write, and how to report its exit code. */
export interface CliContext {
  out(text: string): void;
  err(text: string): void;
  exitCode: ExitCode;
  /** Where the defaults file is looked for (default: this process's env, cwd, home, /etc/ansible). */
  discovery?: DiscoveryEnv;
  /** The defaults file of this invocation, once a command's action has started. */
  config?: LoadedConfig;
}

export interface InventoryFlags {
  inventory?: string[];
  limit?: string;
  shard?: Shard;
}

const collect = (value: string, prev: string[] = []) => [...prev, value];

/** -i/--inventory (repeatable) and -l/--limit: defined once, added to each command that reads inventory. */
export function withInventoryFlags(cmd: Command, opts: { limit?: boolean } = {}): Command {
  cmd.addOption(new Option('-i, --inventory <file>', 'inventory: a YAML or INI file, a directory of them, or a host list "h1,h2," (repeatable; later ones override earlier; replaces the inventory of tsprov.cfg / ansible.cfg)').argParser(collect));
  if (opts.limit !== false) {
    cmd.addOption(new Option('-l, --limit <pattern>', 'only hosts matching this pattern (e.g. "web:&dc1:!web3")'));
    cmd.addOption(new Option('--shard <i/n>', 'only shard I of N of the hosts (after --limit): a stable partition by host name, for CI matrices and Indexed Jobs').argParser((v: string) => {
      try {
        return parseShard(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    }));
  }
  return cmd;
}

/** The hosts a command targets: `pattern` (or --limit), then --shard. */
export function targetHosts(inv: Inventory, flags: InventoryFlags, pattern = 'all'): string[] {
  return inShard(selectHosts(inv, flags.limit ?? pattern), flags.shard);
}

/** -e/--extra-vars (repeatable), for every command that loads an inventory (docs/cli.md says what each does with them). */
export function withExtraVarsFlag(cmd: Command): Command {
  return cmd.addOption(new Option('-e, --extra-vars <vars>', 'extra vars, above all others: k=v words, a YAML/JSON mapping, or @FILE (repeatable; later ones win)').argParser(collect));
}

export function requireInventory(flags: InventoryFlags): string[] {
  if (!flags.inventory?.length) throw new TsprovError('E_USAGE', 'no inventory given; pass -i FILE (or set inventory in a tsprov.cfg or ansible.cfg: docs/cli.md#defaults-file)', ExitCode.usage);
  return flags.inventory;
}

/** Inventory warnings (legal but probably unintended), one per line on stderr; never fatal. */
export function printWarnings(ctx: CliContext, warnings: readonly SourceProblem[]): void {
  for (const w of warnings) ctx.err(`warning: ${formatProblem(w)}`);
}

/** Prints an error the way users and scripts expect: config problems one per line, on stderr. */
export function reportError(e: unknown, ctx: CliContext): ExitCode {
  if (e instanceof ConfigError) {
    ctx.err(e.message);
    ctx.err(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} found`);
    return e.exitCode;
  }
  if (e instanceof TsprovError) {
    ctx.err(`error: ${e.message}`);
    return e.exitCode;
  }
  return internalError(e, ctx);
}

/**
 * Anything not raised as a TsprovError is a bug: one escaped line (its message may quote input),
 * no stack unless TSPROV_DEBUG asks for it, and an exit code of its own so cron tells it apart.
 */
export function internalError(e: unknown, ctx: Pick<CliContext, 'err'>): ExitCode {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  ctx.err(`error: internal error: ${escapeControls(what)}`);
  if (process.env.TSPROV_DEBUG && e instanceof Error && e.stack) for (const line of e.stack.split('\n')) ctx.err(escapeControls(line));
  else ctx.err('(this is a bug in tsprov; run again with TSPROV_DEBUG=1 for the stack, and report it)');
  return ExitCode.internal;
}

/**
 * Finds and reads the defaults file, prints its warnings (and at -v which file it is), and fills
 * the flags the user did not give from it. Commander passes an action (…args, flags, command).
 */
function withDefaultsFile(ctx: CliContext, args: unknown[]): void {
  const [flags, cmd] = args.slice(-2);
  if (!(cmd instanceof Command) || !flags || typeof flags !== 'object') return;
  const loaded = loadCliConfig(ctx.discovery ?? processDiscovery());
  ctx.config = loaded;
  for (const w of loaded.discovered.warnings) ctx.err(`warning: ${w}`);
  const filled = loaded.config ? applyConfig(cmd, flags as Record<string, unknown>, loaded.config) : [];
  if (Number((flags as { verbose?: unknown }).verbose ?? 0) >= 1) for (const line of configNotes(loaded, filled)) ctx.err(escapeControls(line));
}

/** Wraps an action so errors become exit codes instead of stack traces; every action gets the defaults file. */
export function action<A extends unknown[]>(ctx: CliContext, fn: (...args: A) => Promise<ExitCode> | ExitCode) {
  return async (...args: A): Promise<void> => {
    try {
      withDefaultsFile(ctx, args);
      ctx.exitCode = await fn(...args);
    } catch (e) {
      ctx.exitCode = reportError(e, ctx);
    }
  };
}
