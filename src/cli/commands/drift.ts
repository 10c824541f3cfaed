import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { compareDrift, parseDriftState, type DriftDelta, type DriftState } from '../../engine/drift-state.ts';
import { driftStatus, hostDrift, type DriftStatus, type ExpectedDrift, type Finding } from '../../engine/drift.ts';
import { runFleet } from '../../engine/fleet.ts';
import { newRunId } from '../../engine/run-id.ts';
import { DEFAULT_RUN_OPTIONS, type HostResult } from '../../engine/types.ts';
import { hostBonds } from '../../inventory/index.ts';
import { driftText } from '../../report/drift-text.ts';
import { prometheusText } from '../../report/prometheus.ts';
import { action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { promptedDefaults } from '../connection-flags.ts';
import { loadRun, positiveInt, verboseConnector, withConnectionFlags, type ConnFlags } from '../run-setup.ts';

interface DriftFlags extends InventoryFlags, ConnFlags {
  extraVars?: string[];
  allowDegraded?: string;
  stateDir?: string;
  report?: string[];
  json?: boolean;
}

const FORMATS = ['json', 'prometheus', 'text'] as const;
type Format = (typeof FORMATS)[number];

/** `--report FORMAT=PATH`, checked before any host is reached. */
function parseReports(specs: string[]): Array<{ format: Format; path: string }> {
  return specs.map((s) => {
    const m = /^([a-z]+)=(.+)$/.exec(s);
    if (!m || !(FORMATS as readonly string[]).includes(m[1]!)) {
      throw new TsprovError('E_USAGE', `--report expects FORMAT=PATH with FORMAT one of ${FORMATS.join(', ')} (e.g. --report prometheus=/var/lib/node_exporter/tsprov.prom); got ${JSON.stringify(s)}`, ExitCode.usage);
    }
    return { format: m[1] as Format, path: m[2]! };
  });
}

/** Written beside the target and renamed over it: a reader (node_exporter) never sees half a file. */
function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = join(dirname(resolve(path)), `.${process.pid}.tsprov-tmp`);
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
}

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
    .addOption(new Option('--report <format=path>', 'also write a report: json=PATH, prometheus=PATH (textfile collector), text=PATH; repeatable').argParser((v: string, prev: string[] = []) => [...prev, v]))
    .option('--json', 'print the JSON report (tsprov.drift/v1) on stdout instead of text');
  withExtraVarsFlag(withConnectionFlags(withInventoryFlags(cmd))).action(
    action(ctx, async (playbookArg: string | undefined, flags: DriftFlags) => {
      const started = new Date();
      const reports = parseReports(flags.report ?? []);
      const allowDegraded = Number(flags.allowDegraded ?? '0');
      if (!Number.isInteger(allowDegraded) || allowDegraded < 0) throw new TsprovError('E_USAGE', `--allow-degraded expects a whole number, got "${flags.allowDegraded}"`, ExitCode.usage);
      const playbook = playbookArg ?? bundledPlaybook();
      const inventories = requireInventory(flags);
      const prev = flags.stateDir ? readState(flags.stateDir) : undefined;
      const loaded = loadRun(inventories, playbook, flags.limit, [], [], await promptedDefaults(flags, (w) => ctx.err(`warning: ${w}`)), flags.extraVars ?? []);
      printWarnings(ctx, [...loaded.inventory.warnings, ...loaded.playbook.warnings]);
      const verbose = verboseConnector(flags, ctx.err);
      const opts = { ...DEFAULT_RUN_OPTIONS, runId: newRunId(started), check: true, diff: true, keepFacts: true, forks: positiveInt(flags.forks, '--forks', 10), listener: verbose.view };
      const fixCommand = `tsprov run ${playbookArg ?? 'playbooks/bonding.yml'} ${inventories.map((i) => `-i ${i}`).join(' ')}`;
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
      const json = JSON.stringify({ schema: 'tsprov.drift/v1', runId: opts.runId, startedAt: started.toISOString(), durationMs, exitCode: code, hosts, ...(delta ? { since: delta } : {}) }, null, 2) + '\n';
      const text = driftText(hosts, delta);
      for (const r of reports) writeAtomic(r.path, r.format === 'json' ? json : r.format === 'prometheus' ? prometheusText({ hosts, startedAt: started, durationMs, exitCode: code }) : text + '\n');
      ctx.out(flags.json ? json.trimEnd() : text);
      return code;
    }),
  );
}
