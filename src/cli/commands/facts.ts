import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-codes.ts';
import { factsForHost } from '../../engine/facts-run.ts';
import { pool } from '../../engine/pool.ts';
import { loadInventory, resolveHosts, selectHosts } from '../../inventory/index.ts';
import { factsText } from '../../report/facts-text.ts';
import { factsJUnit } from '../../report/junit.ts';
import { targetHosts, action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { promptedDefaults } from '../connection-flags.ts';
import { parseReports, reportOption, stdoutTaken, writeReports } from '../report-flags.ts';
import { positiveInt, verboseConnector, withConnectionFlags, type ConnFlags } from '../run-setup.ts';

interface FactsFlags extends InventoryFlags, ConnFlags {
  json?: boolean;
  extraVars?: string[];
  report?: string[];
}

// Markdown is for reviewing changes, and facts change nothing.
const FORMATS = ['json', 'junit'] as const;

export function registerFacts(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('facts')
    .description('gather facts (one exec per host) and judge the bonding preconditions; read-only')
    .option('--json', 'print the facts and verdicts as JSON (one object keyed by host)')
    .addOption(reportOption(FORMATS));
  withExtraVarsFlag(withConnectionFlags(withInventoryFlags(cmd))).action(
    action(ctx, async (flags: FactsFlags) => {
      const started = Date.now();
      const reports = parseReports('facts', FORMATS, flags.report ?? []);
      const say = stdoutTaken(reports) ? ctx.err : ctx.out;
      const inv = loadInventory(requireInventory(flags), flags.extraVars ?? []);
      printWarnings(ctx, inv.warnings);
      const hosts = resolveHosts(inv, targetHosts(inv, flags), await promptedDefaults(flags, (w) => ctx.err(`warning: ${w}`)));
      const connect = verboseConnector(flags, ctx.err).connector;
      const results = await pool(hosts, positiveInt(flags.forks, '--forks', 10), (h) => factsForHost(h, connect));
      const json = JSON.stringify({ schema: 'tsprov.facts/v1', hosts: Object.fromEntries(results.map((r) => [r.host, r])) }, null, 2);
      if (flags.json) say(json);
      else for (const r of results) say(factsText(r));
      const toStdout = writeReports(reports, (f) => (f === 'json' ? json : factsJUnit(results, Date.now() - started)));
      if (toStdout !== undefined) ctx.out(toStdout.replace(/\n$/, ''));
      if (results.some((r) => r.status === 'unreachable')) return ExitCode.unreachable;
      if (results.some((r) => r.status === 'failed')) return ExitCode.failed;
      return ExitCode.ok;
    }),
  );
}
