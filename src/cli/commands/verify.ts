import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { escapeControls } from '../../core/show-path.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { verifyHost, type HostVerifyResult } from '../../engine/verify-run.ts';
import { pool } from '../../engine/pool.ts';
import { loadPlaybook } from '../../config/playbook.ts';
import { loadInventory, resolveHosts, selectHosts } from '../../inventory/index.ts';
import { MODULE_CATALOG } from '../../modules/schemas.ts';
import { verifyJUnit } from '../../report/junit.ts';
import { action, printWarnings, targetHosts, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { promptedDefaults } from '../connection-flags.ts';
import { parseReports, reportOption, stdoutTaken, writeReports } from '../report-flags.ts';
import { positiveInt, verboseConnector, withConnectionFlags, type ConnFlags } from '../run-setup.ts';

interface VerifyFlags extends InventoryFlags, ConnFlags {
  json?: boolean;
  allowDegraded?: string;
  extraVars?: string[];
  report?: string[];
}

// Markdown is for reviewing changes, and verify changes nothing.
const FORMATS = ['json', 'junit'] as const;

function text(r: HostVerifyResult): string {
  const out = [`== ${r.host}: ${r.status}${r.message ? ` — ${escapeControls(r.message)}` : ''}`];
  for (const c of r.verify?.checks ?? []) out.push(`  ${c.verdict.toUpperCase().padEnd(4)} ${c.bond} ${c.what}: expected ${escapeControls(c.expected)}, live ${escapeControls(c.actual)}`);
  return out.join('\n');
}

export function registerVerify(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('verify')
    .description('read-only: check every declared bond against the live kernel (mode, slaves, MII) — exit 2 when something does not hold')
    .argument('[playbook]', 'playbook whose plays choose the hosts (default: every host with bonds)')
    .option('--json', 'print the results as JSON')
    .option('--allow-degraded <n>', 'slaves per bond that may be down before it counts as failed', '0')
    .addOption(reportOption(FORMATS));
  withExtraVarsFlag(withConnectionFlags(withInventoryFlags(cmd))).action(
    action(ctx, async (playbook: string | undefined, flags: VerifyFlags) => {
      const started = Date.now();
      const reports = parseReports('verify', FORMATS, flags.report ?? []);
      const say = stdoutTaken(reports) ? ctx.err : ctx.out;
      // A playbook brings its group_vars/ and host_vars/, as it does for run.
      const inv = loadInventory(requireInventory(flags), flags.extraVars ?? [], playbook === undefined ? undefined : dirname(resolve(playbook)));
      printWarnings(ctx, inv.warnings);
      let names = targetHosts(inv, flags);
      if (playbook) {
        const targeted = new Set(loadPlaybook(playbook, MODULE_CATALOG).plays.flatMap((p) => selectHosts(inv, p.hosts)));
        names = names.filter((n) => targeted.has(n));
      }
      const hosts = resolveHosts(inv, names, await promptedDefaults(flags, (w) => ctx.err(`warning: ${w}`))).filter((h) => Array.isArray(h.vars.bonds) && h.vars.bonds.length > 0);
      const connect = verboseConnector(flags, ctx.err).connector;
      const allow = Number(flags.allowDegraded ?? '0');
      const forks = positiveInt(flags.forks, '--forks', 10);
      const results: HostVerifyResult[] = await pool(hosts, forks, (h) => verifyHost(h, connect, allow));
      const json = JSON.stringify({ schema: 'tsprov.verify/v1', hosts: results }, null, 2);
      if (flags.json) say(json);
      else for (const r of results) say(text(r));
      const toStdout = writeReports(reports, (f) => (f === 'json' ? json : verifyJUnit(results, Date.now() - started)));
      if (toStdout !== undefined) ctx.out(toStdout.replace(/\n$/, ''));
      if (results.some((r) => r.status === 'unreachable')) return ExitCode.unreachable;
      if (results.some((r) => r.status === 'failed')) return ExitCode.failed;
      return results.some((r) => r.status === 'drift') ? ExitCode.pending : ExitCode.ok;
    }),
  );
}
