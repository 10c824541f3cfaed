import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ExitCode } from '../../core/exit-codes.ts';
import { exitCodeFor } from '../../engine/exit.ts';
import { runFleet } from '../../engine/fleet.ts';
import { newRunId } from '../../engine/run-id.ts';
import { DEFAULT_RUN_OPTIONS, type HostResult, type RunOptions } from '../../engine/types.ts';
import { jsonReport } from '../../report/json.ts';
import { liveView, type LiveMode } from '../../report/live.ts';
import { markdownReport } from '../../report/markdown.ts';
import { recap } from '../../report/recap.ts';
import { hostText } from '../../report/text.ts';
import { action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { connectionDefaults, promptedDefaults } from '../connection-flags.ts';
import { listingLines, wantsListing, type ListingFlags } from '../run-listing.ts';
import { ConfigError } from '../../core/errors.ts';
import { MODULE_CATALOG } from '../../modules/schemas.ts';
import { checkProject, hostvarsSecrets } from '../../inventory/index.ts';
import { loadRun, positiveInt, verboseConnector, withConnectionFlags, type ConnFlags } from '../run-setup.ts';

interface RunFlags extends InventoryFlags, ConnFlags, ListingFlags {
  extraVars?: string[];
  check?: boolean;
  diff?: boolean;
  tags?: string;
  skipTags?: string;
  confirmTimeout?: string;
  rollback?: boolean;
  verifyTimeout?: string;
  reportJson?: string;
  reportMd?: string;
  output?: LiveMode;
  runId?: string;
}

const list = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

export async function executeRun(ctx: CliContext, playbook: string, flags: RunFlags, command: string): Promise<{ code: ExitCode; results: HostResult[] }> {
  const started = new Date();
  const warn = (w: string): void => ctx.err(`warning: ${w}`);
  // -K asks before anything loads, as ansible-playbook does, and not at all for listing or syntax checks.
  const defaults = wantsListing(flags) ? connectionDefaults(flags, warn) : await promptedDefaults(flags, warn);
  const inventories = requireInventory(flags);
  const extraVars = flags.extraVars ?? [];
  if (flags.syntaxCheck) {
    // Every problem at once, as `validate` reports them; loadRun below would stop at the first file.
    const checked = checkProject(inventories, playbook, MODULE_CATALOG, extraVars);
    if (checked.problems.length) throw new ConfigError(checked.problems);
  }
  const loaded = loadRun(inventories, playbook, flags.limit, list(flags.tags), list(flags.skipTags), defaults, extraVars);
  printWarnings(ctx, [...loaded.inventory.warnings, ...loaded.playbook.warnings]);
  // Listing and syntax checking stop here: before any connector exists, so no host is reached.
  if (wantsListing(flags)) {
    for (const line of listingLines(loaded, playbook, flags, list(flags.tags), list(flags.skipTags))) ctx.out(line);
    return { code: ExitCode.ok, results: [] };
  }
  const check = flags.check === true;
  const verbose = verboseConnector(flags, ctx.err, hostvarsSecrets(loaded.inventory));
  // listr2 redraws its lines in place and would erase verbose lines written between them.
  const mode: LiveMode = flags.output ?? (process.stdout.isTTY && verbose.level === 0 ? 'live' : 'plain');
  const opts: RunOptions = {
    ...DEFAULT_RUN_OPTIONS,
    runId: flags.runId ?? newRunId(started),
    check,
    diff: flags.diff === true,
    forks: positiveInt(flags.forks, '--forks', 10),
    tags: list(flags.tags),
    skipTags: list(flags.skipTags),
    rollback: flags.rollback !== false,
    verifyTimeoutMs: positiveInt(flags.verifyTimeout, '--verify-timeout', 30) * 1000,
  };
  // First Ctrl-C: start no new host, let running ones finish (each ends confirmed or armed to
  // roll back on its own). Second Ctrl-C: leave now; armed hosts still roll back by their timer.
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    ctx.err('interrupted: no new hosts will start; waiting for running hosts (Ctrl-C again to leave now)');
  };
  process.on('SIGINT', onSigint);
  opts.signal = interrupt.signal;
  if (flags.confirmTimeout !== undefined) opts.confirmTimeoutSec = positiveInt(flags.confirmTimeout, '--confirm-timeout', 120);
  const connector = verbose.connector;
  ctx.out(`tsprov ${command} ${check ? '(check mode: nothing on the hosts changes) ' : ''}run ${opts.runId}`);
  const results: HostResult[] = [];
  for (const { play, scopes } of loaded.plays) {
    ctx.out(`PLAY ${play.name ?? play.hosts} — ${scopes.length} host${scopes.length === 1 ? '' : 's'}`);
    const view = liveView(scopes.map((s) => s.host.name), mode, ctx.out);
    const playResults = await runFleet({ scopes, serial: play.serial, ...(play.max_fail_percentage !== undefined ? { maxFailPercentage: play.max_fail_percentage } : {}) }, { ...opts, listener: (e) => { view.listener(e); verbose.view(e); } }, connector);
    await view.finished;
    for (const r of playResults) ctx.out(hostText(r, { diff: opts.diff, colour: process.stdout.isTTY === true, check }));
    results.push(...playResults);
  }
  process.off('SIGINT', onSigint);
  ctx.out(recap(results));
  let code = exitCodeFor(results, check);
  if (interrupt.signal.aborted && code < ExitCode.failed) code = ExitCode.failed;
  const meta = { runId: opts.runId, command, check, startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(), exitCode: code };
  const emit = (file: string, text: string): void => (file === '-' ? ctx.out(text) : writeFileSync(file, text));
  if (flags.reportJson) emit(flags.reportJson, JSON.stringify(jsonReport(meta, results), null, 2) + '\n');
  if (flags.reportMd) emit(flags.reportMd, markdownReport(`tsprov ${command}${check ? ' (check)' : ''} — run ${opts.runId}`, results, check));
  return { code, results };
}

export function withRunFlags(cmd: Command): Command {
  withInventoryFlags(cmd);
  withConnectionFlags(cmd);
  withExtraVarsFlag(cmd);
  return cmd
    .option('--list-hosts', 'list the hosts each play targets (after --limit), as ansible-playbook; connects to nothing')
    .option('--list-tasks', 'list the tasks each play would run (after --tags/--skip-tags); connects to nothing')
    .option('--list-tags', 'list the tags of the tasks each play would run; connects to nothing')
    .option('--syntax-check', 'check the playbook, inventory and -e vars; print "playbook: FILE" and exit 0, or the problems and exit 1')
    .option('-t, --tags <tags>', 'only tasks with one of these tags (comma-separated)')
    .option('--skip-tags <tags>', 'skip tasks with one of these tags (comma-separated)')
    .option('--report-json <file>', 'write the JSON report (schema tsprov.report/v1) to this file (- for stdout)')
    .option('--report-md <file>', 'write a Markdown change-review report to this file (- for stdout)')
    .addOption(new Option('-o, --output <mode>', 'progress view: live (TTY default) | plain (non-TTY default) | quiet').choices(['live', 'plain', 'quiet']));
}

export function registerRun(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('apply a playbook: plan, diff, apply only what differs, verify, confirm (or roll back)')
    .argument('<playbook>', 'playbook YAML file')
    .option('-C, --check', 'dry run: gather facts and show what would change; nothing on the hosts changes')
    .option('-D, --diff', 'show a unified diff of every file change')
    .option('--confirm-timeout <seconds>', "on-host rollback timer armed before network changes (default: the bond task's confirm_timeout, else 120)")
    .option('--no-rollback', 'leave a host that fails verification as it is, for inspection')
    .option('--verify-timeout <seconds>', 'how long verification waits for links to come up', '30')
    .option('--run-id <id>', 'use this run id (default: timestamp + random)');
  withRunFlags(cmd).action(action(ctx, async (playbook: string, flags: RunFlags) => (await executeRun(ctx, playbook, flags, 'run')).code));

  const check = program
    .command('check')
    .description('same as `run --check --diff`: what would change, touching nothing (exit 2 when changes are pending)')
    .argument('<playbook>', 'playbook YAML file');
  withRunFlags(check).action(action(ctx, async (playbook: string, flags: RunFlags) => (await executeRun(ctx, playbook, { ...flags, check: true, diff: true }, 'check')).code));
}
