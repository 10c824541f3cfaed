import type { Command } from 'commander';
import { escapeControls } from '../../core/show-path.ts';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { rollbackHost } from '../../engine/rollback-run.ts';
import { pool } from '../../engine/pool.ts';
import { loadInventory, resolveHosts, selectHosts } from '../../inventory/index.ts';
import { targetHosts, action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { promptedDefaults } from '../connection-flags.ts';
import { positiveInt, verboseConnector, withConnectionFlags, type ConnFlags } from '../run-setup.ts';

interface RollbackFlags extends InventoryFlags, ConnFlags {
  run?: string;
  extraVars?: string[];
}

export function registerRollback(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('rollback')
    .description("restore a run's backups on the chosen hosts and reload their bonds (default: each host's newest run)")
    .option('--run <run-id>', 'the run to undo (see the run id printed by `tsprov run`)');
  withExtraVarsFlag(withConnectionFlags(withInventoryFlags(cmd))).action(
    action(ctx, async (flags: RollbackFlags) => {
      if (!flags.limit) throw new TsprovError('E_USAGE', 'rollback needs --limit HOST (or a pattern): it never rolls back a whole inventory by accident', ExitCode.usage);
      const inv = loadInventory(requireInventory(flags), flags.extraVars ?? []);
      printWarnings(ctx, inv.warnings);
      const hosts = resolveHosts(inv, targetHosts(inv, flags), await promptedDefaults(flags, (w) => ctx.err(`warning: ${w}`)));
      const connect = verboseConnector(flags, ctx.err).connector;
      const results = await pool(hosts, positiveInt(flags.forks, '--forks', 10), (h) => rollbackHost(h, connect, flags.run));
      for (const r of results) ctx.out(`== ${r.host}: ${r.status} — ${escapeControls(r.message)}`);
      if (results.some((r) => r.status === 'unreachable')) return ExitCode.unreachable;
      return results.some((r) => r.status === 'failed') ? ExitCode.failed : ExitCode.ok;
    }),
  );
}
