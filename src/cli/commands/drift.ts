import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { shq } from '../../core/quote.ts';
import { compareDrift, parseDriftState, type DriftDelta, type DriftState } from '../../engine/drift-state.ts';
import { driftStatus, hostDrift, type DriftStatus, type ExpectedDrift, type Finding } from '../../engine/drift.ts';
import { runFleet } from '../../engine/fleet.ts';
import { newRunId } from '../../engine/run-id.ts';
import { DEFAULT_RUN_OPTIONS, type HostResult } from '../../engine/types.ts';
import { hostBonds } from '../../inventory/index.ts';
import { driftMarkdown } from '../../report/drift-markdown.ts';
import { driftText } from '../../report/drift-text.ts';
import { prometheusText } from '../../report/prometheus.ts';
import { action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { promptedDefaults } from '../connection-flags.ts';
import { parseReports, reportOption, writeAtomic, writeReports } from '../report-flags.ts';
import { loadRun, positiveInt, verboseConnector, withConnectionFlags, type ConnFlags, runIdOption } from '../run-setup.ts';

interface DriftFlags extends InventoryFlags, ConnFlags {
  extraVars?: string[];
  allowDegraded?: string;
  stateDir?: string;
  report?: string[];
  json?: boolean;
  runId?: string;
}

const FORMATS = ['json', 'markdown', 'prometheus', 'text'] as const;
type Format = (typeof FORMATS)[number];

/** The bundled playbook, found from this module upwards: it runs from src/cli/commands/ or dist/. */
function bundledPlaybook(): string {
  for (const up of ['../../../', '../']) {
    const p = fileURLToPath(new URL(`${up}playbooks/bonding.yml`, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new TsprovError('E_USAGE', 'the bundled playbooks/bonding.yml was not found beside tsprov; name a playbook', ExitCode.usage);
}

function readState(dir: string): DriftState | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'state.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TsprovError('E_USAGE', `--state-dir ${dir}: cannot read state.json: ${(e as Error).message}`, ExitCode.usage);
  }
  try {
    return parseDriftState(text);
  } catch (e) {
    throw new TsprovError('E_USAGE', `--state-dir ${dir}/state.json: ${(e as Error).message}; move it away to start a new baseline`, ExitCode.usage);
  }
}

export interface DriftHost {
  host: string;
  status: DriftStatus;
  message?: string;
  findings: Finding[];
}

function exitCode(hosts: DriftHost[]): ExitCode {
  if (hosts.some((h) => h.status === 'unreachable')) return ExitCode.unreachable;
  if (hosts.some((h) => h.status === 'failed')) return ExitCode.failed;
  return hosts.some((h) => h.status === 'drift') ? ExitCode.pending : ExitCode.ok;
}

export function registerDrift(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('drift')
    .description('read-only: report hosts whose files, packages, preconditions or live bonds no longer match the declaration — exit 2 on drift')
    .argument('[playbook]', 'playbook to judge against (default: the bundled playbooks/bonding.yml)')
    .option('--allow-degraded <n>', 'slaves per bond that may be down before a live finding is critical', '0')
    .option('--state-dir <dir>', 'remember findings between runs and report what is new, still there and resolved')
    .addOption(reportOption(FORMATS))
    .option('--json', 'print the JSON report (tsprov.drift/v1) on stdout instead of text')
    .addOption(runIdOption());
  withExtraVarsFlag(withConnectionFlags(withInventoryFlags(cmd))).action(
    action(ctx, async (playbookArg: string | undefined, flags: DriftFlags) => {
      const started = new Date();
      const reports = parseReports('drift', FORMATS, flags.report ?? []);
      const allowDegraded = Number(flags.allowDegraded ?? '0');
      if (!Number.isInteger(allowDegraded) || allowDegraded < 0) throw new TsprovError('E_USAGE', `--allow-degraded expects a whole number, got "${flags.allowDegraded}"`, ExitCode.usage);
      const playbook = playbookArg ?? bundledPlaybook();
      const inventories = requireInventory(flags);
      const prev = flags.stateDir ? readState(flags.stateDir) : undefined;
      const loaded = loadRun(inventories, playbook, flags.limit, [], [], await promptedDefaults(flags, (w) => ctx.err(`warning: ${w}`)), flags.extraVars ?? [], flags.shard);
      printWarnings(ctx, [...loaded.inventory.warnings, ...loaded.playbook.warnings]);
      const verbose = verboseConnector(flags, ctx.err);
      const opts = { ...DEFAULT_RUN_OPTIONS, runId: flags.runId ?? newRunId(started), check: true, diff: true, keepFacts: true, forks: positiveInt(flags.forks, '--forks', 10), listener: verbose.view };
      // Quoted as a shell would need it: the line is meant to be pasted. The bundled playbook is
      // named by its full path, which holds wherever tsprov is installed.
      const fixCommand = `tsprov run ${shq(playbook)} ${inventories.map((i) => `-i ${shq(i)}`).join(' ')}`;
      const pbText = readFileSync(playbook, 'utf8');
      const hosts: DriftHost[] = [];
      const declarations: Record<string, string> = {};
      for (const { scopes } of loaded.plays) {
        const results: HostResult[] = await runFleet({ scopes }, opts, verbose.connector);
        for (const r of results) {
          const scope = scopes.find((s) => s.host.name === r.host)!;
          const expected = (Array.isArray(scope.host.vars.drift_expected) ? scope.host.vars.drift_expected : []) as ExpectedDrift[];
          const findings = r.status === 'unreachable' ? [] : hostDrift({ result: r, bonds: hostBonds(scope.host), allowDegraded, expected, fixCommand });
          const status = driftStatus(r, findings);
          hosts.push({ host: r.host, status, ...(status === 'failed' || status === 'unreachable' ? { message: r.message ?? '' } : {}), findings });
          declarations[r.host] = createHash('sha256').update(JSON.stringify(scope.host.vars)).update(pbText).digest('hex').slice(0, 16);
        }
      }
      let delta: DriftDelta | undefined;
      if (flags.stateDir) {
        const judged = new Set(hosts.filter((h) => h.status === 'ok' || h.status === 'drift').map((h) => h.host));
        const compared = compareDrift(prev, hosts.flatMap((h) => h.findings), declarations, judged, started.toISOString());
        delta = compared.delta;
        writeAtomic(join(flags.stateDir, 'state.json'), JSON.stringify(compared.next, null, 2) + '\n');
      }
      const code = exitCode(hosts);
      const durationMs = Date.now() - started.getTime();
      const json = JSON.stringify({ schema: 'tsprov.drift/v1', runId: opts.runId, startedAt: started.toISOString(), durationMs, exitCode: code, ...(flags.shard ? { shard: flags.shard } : {}), hosts, ...(delta ? { since: delta } : {}) }, null, 2) + '\n';
      const text = driftText(hosts, delta);
      const render = (f: Format): string =>
        f === 'json' ? json : f === 'prometheus' ? prometheusText({ hosts, startedAt: started, durationMs, exitCode: code }) : f === 'markdown' ? driftMarkdown(hosts, delta) : text + '\n';
      const toStdout = writeReports(reports, render);
      // A report on stdout is all stdout holds, so a pipe can parse it; the text goes to stderr.
      if (toStdout !== undefined) {
        ctx.err(flags.json ? json.trimEnd() : text);
        ctx.out(toStdout.trimEnd());
      } else ctx.out(flags.json ? json.trimEnd() : text);
      return code;
    }),
  );
}
