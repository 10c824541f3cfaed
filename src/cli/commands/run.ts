import { Option, type Command } from 'commander';
import { ExitCode } from '../../core/exit-codes.ts';
import { exitCodeFor } from '../../engine/exit.ts';
import { runFleet } from '../../engine/fleet.ts';
import { newRunId } from '../../engine/run-id.ts';
import { DEFAULT_RUN_OPTIONS, type HostResult, type RunOptions } from '../../engine/types.ts';
import { jsonReport } from '../../report/json.ts';
import { liveView, type LiveMode } from '../../report/live.ts';
import { runJUnit } from '../../report/junit.ts';
import { markdownReport } from '../../report/markdown.ts';
import { recap } from '../../report/recap.ts';
import { hostText } from '../../report/text.ts';
import { action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { connectionDefaults, promptedDefaults } from '../connection-flags.ts';
import { listingLines, wantsListing, type ListingFlags } from '../run-listing.ts';
import { ConfigError } from '../../core/errors.ts';
import { MODULE_CATALOG } from '../../modules/schemas.ts';
import { checkProject, hostvarsSecrets } from '../../inventory/index.ts';
import { backendOptionProblems } from '../backend-options.ts';
import { parseReports, reportOption, stdoutTaken, writeReports, type ReportSpec } from '../report-flags.ts';
import { loadRun, positiveInt, verboseConnector, withConnectionFlags, type ConnFlags, runIdOption } from '../run-setup.ts';

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
  report?: string[];
  output?: LiveMode;
  runId?: string;
}

const FORMATS = ['json', 'markdown', 'junit'] as const;
type Format = (typeof FORMATS)[number];

/** `--report-json FILE` and `--report-md FILE` are `--report json=FILE` and `--report markdown=FILE`. */
function reportsOf(flags: RunFlags, command: string): Array<ReportSpec<Format>> {
  const aliases: Array<ReportSpec<Format>> = [];
  if (flags.reportJson) aliases.push({ format: 'json', path: flags.reportJson });
  if (flags.reportMd) aliases.push({ format: 'markdown', path: flags.reportMd });
  return parseReports(command, FORMATS, flags.report ?? [], aliases);
}

const list = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

export async function executeRun(ctx: CliContext, playbook: string, flags: RunFlags, command: string): Promise<{ code: ExitCode; results: HostResult[] }> {
  const started = new Date();
  const reports = reportsOf(flags, command);
  // A report on stdout is all stdout holds, so a pipe can parse it: every human line goes to stderr.
  const say = stdoutTaken(reports) ? ctx.err : ctx.out;
  const tty = (stdoutTaken(reports) ? process.stderr : process.stdout).isTTY === true;
  const warn = (w: string): void => ctx.err(`warning: ${w}`);
  // -K asks before anything loads, as ansible-playbook does, and not at all for listing or syntax checks.
  const defaults = wantsListing(flags) ? connectionDefaults(flags, warn) : await promptedDefaults(flags, warn);
  const inventories = requireInventory(flags);
  const extraVars = flags.extraVars ?? [];
  if (flags.syntaxCheck) {
    // Every problem at once, as `validate` reports them; loadRun below would stop at the first file.
    const checked = checkProject(inventories, playbook, MODULE_CATALOG, extraVars);
    checked.problems.push(...backendOptionProblems(checked.inventory, checked.hosts));
    if (checked.problems.length) throw new ConfigError(checked.problems);
  }
  const loaded = loadRun(inventories, playbook, flags.limit, list(flags.tags), list(flags.skipTags), defaults, extraVars, flags.shard);
  printWarnings(ctx, [...loaded.inventory.warnings, ...loaded.playbook.warnings]);
  // Listing and syntax checking stop here: before any connector exists, so no host is reached.
  if (wantsListing(flags)) {
    for (const line of listingLines(loaded, playbook, flags, list(flags.tags), list(flags.skipTags))) ctx.out(line);
    return { code: ExitCode.ok, results: [] };
  }
  const check = flags.check === true;
  const verbose = verboseConnector(flags, ctx.err, hostvarsSecrets(loaded.inventory));
  // The live view redraws its frame in place on stdout and would erase verbose lines written
  // between redraws; with a report on stdout, the progress is plain lines on stderr.
  const asked: LiveMode = flags.output ?? (tty && verbose.level === 0 ? 'live' : 'plain');
  const mode: LiveMode = asked === 'live' && stdoutTaken(reports) ? 'plain' : asked;
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
  say(`tsprov ${command} ${check ? '(check mode: nothing on the hosts changes) ' : ''}run ${opts.runId}`);
  const results: HostResult[] = [];
  for (const { play, scopes } of loaded.plays) {
    say(`PLAY ${play.name ?? play.hosts} — ${scopes.length} host${scopes.length === 1 ? '' : 's'}`);
    const view = liveView(scopes.map((s) => s.host.name), mode, say);
    const playResults = await runFleet({ scopes, serial: play.serial, ...(play.max_fail_percentage !== undefined ? { maxFailPercentage: play.max_fail_percentage } : {}), ...(play.any_errors_fatal ? { anyErrorsFatal: true } : {}) }, { ...opts, listener: (e) => { view.listener(e); verbose.view(e); } }, connector);
    await view.finished;
    for (const r of playResults) say(hostText(r, { diff: opts.diff, colour: tty, check }));
    results.push(...playResults);
  }
  process.off('SIGINT', onSigint);
  say(recap(results));
  let code = exitCodeFor(results, check);
  if (interrupt.signal.aborted && code < ExitCode.failed) code = ExitCode.failed;
  const meta = { runId: opts.runId, command, check, startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(), exitCode: code, ...(flags.shard ? { shard: flags.shard } : {}) };
  const title = `tsprov ${command}${check && command !== 'check' ? ' (check)' : ''} — run ${opts.runId}`;
  const render = (f: Format): string =>
    f === 'json' ? JSON.stringify(jsonReport(meta, results), null, 2) : f === 'markdown' ? markdownReport(title, results, check) : runJUnit(title, results, meta.durationMs);
  const toStdout = writeReports(reports, render);
  if (toStdout !== undefined) ctx.out(toStdout.replace(/\n$/, ''));
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
    .addOption(reportOption(FORMATS))
    .option('--report-json <file>', 'same as --report json=FILE: the JSON report (schema tsprov.report/v1; - for stdout)')
    .option('--report-md <file>', 'same as --report markdown=FILE: a Markdown change-review report (- for stdout)')
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
    .addOption(runIdOption());
  withRunFlags(cmd).action(action(ctx, async (playbook: string, flags: RunFlags) => (await executeRun(ctx, playbook, flags, 'run')).code));

  const check = program
    .command('check')
    .description('same as `run --check --diff`: what would change, touching nothing (exit 2 when changes are pending)')
    .argument('<playbook>', 'playbook YAML file')
    .addOption(runIdOption());
  withRunFlags(check).action(action(ctx, async (playbook: string, flags: RunFlags) => (await executeRun(ctx, playbook, { ...flags, check: true, diff: true }, 'check')).code));
}
