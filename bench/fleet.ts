/**
 * Issue 15's bench: tsprov against the raw-ssh floor on N real sshd test hosts.
 *
 *   npm run bench -- --hosts 10,100,500 [--runs 3] [--forks 50] [--vs-ansible]
 *
 * Needs root (the test harness: network and mount namespaces) and GNU time. Measures and prints;
 * it fails only when it cannot measure, never because a target is missed. docs/bench.md explains
 * every column and how each number is obtained.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { writeInventory } from '../test/integration/support/fleet.ts';
import { harnessUnavailableReason } from '../test/harness/availability.ts';
import { fleetCpuS, logDelta, resetFleet, settle, startFleet, type BenchHost } from './fleet/hosts.ts';
import { GNU_TIME, killRunning, measure, spread, type Measured } from './fleet/measure.ts';
import { snapshotProduct, type Product } from './fleet/product.ts';
import { markdownTable, startupTable, summarize, targets, targetsTable, type Sample, type ScenarioResult, type StartupRow } from './fleet/report.ts';
import { ansibleEnv, ansibleStatus, endAnsibleMasters, floorStatus, tsprovStatus, writeAnsibleFiles, writeFloorScript } from './fleet/scenarios.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ options: {
  hosts: { type: 'string', default: '10,100' }, runs: { type: 'string', default: '3' }, forks: { type: 'string', default: '50' },
  'startup-runs': { type: 'string', default: '7' }, 'vs-ansible': { type: 'boolean', default: false },
  // Keeps the work dir (inventory, floor script, every measured process's output) for a look.
  keep: { type: 'boolean', default: false },
} });
const sizes = args.hosts.split(',').map(Number);
const runs = Number(args.runs);
const forks = Number(args.forks);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(runs >= 1) || !(forks >= 1)) {
  process.stderr.write('usage: npm run bench -- --hosts 10,100,500 [--runs 3] [--forks 50] [--startup-runs 7] [--vs-ansible] [--keep]\n');
  process.exit(1);
}
const unavailable = harnessUnavailableReason() ?? (existsSync(GNU_TIME) ? undefined : `${GNU_TIME} is missing (Debian package "time"; scripts/install-deps.sh installs it)`);
if (unavailable) {
  process.stderr.write(`bench: cannot run: ${unavailable}\n`);
  process.exit(1);
}
const ansible = args['vs-ansible'] ? which('ansible-playbook') : undefined;
if (args['vs-ansible'] && !ansible) process.stderr.write('bench: --vs-ansible skipped: ansible-playbook is not on PATH\n');

function which(cmd: string): string | undefined {
  try { return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined; } catch { return undefined; }
}

// One bench at a time: two would share the cores and measure each other.
const LOCK = join(tmpdir(), 'tsprov-bench.lock');
const holder = existsSync(LOCK) ? Number(readFileSync(LOCK, 'utf8')) : 0;
if (holder && holder !== process.pid && (() => { try { process.kill(holder, 0); return true; } catch { return false; } })()) {
  process.stderr.write(`bench: another bench (pid ${holder}) is running\n`);
  process.exit(1);
}
writeFileSync(LOCK, String(process.pid));
const work = mkdtempSync(join(tmpdir(), 'tsprov-bench-'));
process.on('exit', () => {
  if (args.keep) process.stderr.write(`bench: kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  rmSync(LOCK, { force: true });
});
// Registered before the harness's own handlers (they come with the first host): end the measured
// process, then exit, which runs the harness's exit handler that removes every test host.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    process.stderr.write(`\nbench: ${sig}: stopping the measured process and removing the test hosts…\n`);
    killRunning();
    process.exit(130);
  });
}

const log = (s: string): void => { process.stderr.write(`${s}\n`); };
const product = snapshotProduct(REPO);
const tsprov = (...a: string[]): string[] => [process.execPath, product.bin, ...a];
log(`bench: tsprov ${product.commit}${product.uncommitted.length ? ` + ${product.uncommitted.length} uncommitted files in src/ and bin/` : ''}, snapshot in ${product.root}`);

async function startup(): Promise<StartupRow[]> {
  const cases: Array<[string, string[]]> = [
    ['node -e 0', [process.execPath, '-e', '0']],
    ['tsprov --help', tsprov('--help')],
    ['tsprov validate -i inventories/example.yml playbooks/bonding.yml', tsprov('validate', '-i', 'inventories/example.yml', 'playbooks/bonding.yml')],
  ];
  const samples = new Map<string, Measured[]>(cases.map(([l]) => [l, []]));
  for (let i = 0; i < Number(args['startup-runs']); i++) {
    for (const [label, argv] of cases) samples.get(label)!.push(await measure(argv, { cwd: product.root, outDir: work, tag: 'startup' }));
  }
  const base = spread(samples.get('node -e 0')!.map((m) => m.wallS)).median;
  return cases.map(([label]) => {
    const ms = samples.get(label)!;
    const wallS = spread(ms.map((m) => m.wallS));
    return { label, wallS, cpuS: spread(ms.map((m) => m.cpuS)), peakRssMb: Math.max(...ms.map((m) => m.maxRssMb)), ratio: wallS.median / base };
  });
}

interface Scenario { key: string; label: string; argv: string[]; env?: NodeJS.ProcessEnv; status: (m: Measured) => string; after?: () => void }

function scenarios(fleet: BenchHost[], dir: string): Scenario[] {
  // Every host's bonding driver is a fake (its kernel config says bonding=y; this kernel has none):
  // the bench playbook skips the reload there, and the report says so.
  const inventory = writeInventory(dir, Object.fromEntries(fleet.map((h) => [h.name, { host: h.host, vars: { bonds: [h.bond] } }])), { backend: 'ifupdown', bench_fake_bonding_driver: true });
  const f = ['-f', String(forks)];
  const recap = (m: Measured): string => tsprovStatus(m.stdoutPath, m.stderrPath);
  const list: Scenario[] = [
    { key: 'floor', label: 'raw floor: 1 ssh per host, all at once', argv: ['sh', writeFloorScript(dir, fleet)], status: (m) => floorStatus(m.stdoutPath) },
  ];
  // Past `forks` hosts, also the floor at tsprov's parallelism: all at once is the issue's floor,
  // but on 2 cores hundreds of simultaneous key exchanges time out; an operator would cap them.
  if (fleet.length > forks) list.push({ key: 'floor-capped', label: `raw floor: 1 ssh per host, ${forks} at a time`, argv: ['sh', writeFloorScript(dir, fleet, forks)], status: (m) => floorStatus(m.stdoutPath) });
  list.push(
    { key: 'drift', label: 'tsprov drift', argv: tsprov('drift', '-i', inventory, '--state-dir', join(dir, 'drift-state'), ...f), status: recap },
    { key: 'check', label: 'tsprov check', argv: tsprov('check', join(product.root, 'playbooks/bonding.yml'), '-i', inventory, ...f), status: recap },
  );
  if (ansible) {
    const a = writeAnsibleFiles(dir, fleet);
    list.push({ key: 'ansible', label: 'ansible-playbook --check --diff', argv: [ansible, '-i', a.inventory, a.playbook, '--check', '--diff', ...f], env: ansibleEnv(dir), status: (m) => ansibleStatus(m.stdoutPath), after: () => endAnsibleMasters(dir) });
  }
  // The bundled playbook, its reload handler skipped on fake drivers: docs/bench.md ("Why run uses bench/bonding-fake-driver.yml").
  const book = join(REPO, 'bench/bonding-fake-driver.yml');
  list.push(
    { key: 'run', label: 'tsprov run (apply, reset hosts)', argv: tsprov('run', book, '-i', inventory, ...f), status: recap },
    { key: 'run2', label: 'tsprov run again (files converged)', argv: tsprov('run', book, '-i', inventory, ...f), status: recap },
  );
  return list;
}

async function benchFleet(n: number): Promise<ScenarioResult[]> {
  const dir = mkdtempSync(join(work, `n${n}-`));
  log(`bench: starting ${n} sshd test hosts…`);
  const fleet = await startFleet(n);
  try {
    const list = scenarios(fleet, dir);
    const results: ScenarioResult[] = list.map((s) => ({ key: s.key, label: s.label, samples: [] }));
    for (let round = 1; round <= runs; round++) {
      await resetFleet(fleet);
      await settle(fleet);
      fleet.forEach(logDelta);
      let floorWall: number | undefined;
      let cappedWall: number | undefined;
      for (const [i, s] of list.entries()) {
        const cpu0 = fleetCpuS(fleet);
        const m = await measure(s.argv, { cwd: dir, outDir: dir, tag: `${s.key}-${round}`, ...(s.env ? { env: s.env } : {}) });
        s.after?.();
        const settled = await settle(fleet);
        const counts = fleet.map(logDelta);
        const conns = counts.map((c) => c.conns);
        const execs = counts.map((c) => c.execs);
        const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
        const sample: Sample = {
          wallS: m.wallS, cpuS: m.cpuS, maxRssMb: m.maxRssMb, fleetCpuS: fleetCpuS(fleet) - cpu0, machineBusyS: m.machineBusyS, exitCode: m.exitCode, status: s.status(m),
          conns: { min: Math.min(...conns), max: Math.max(...conns), mean: mean(conns) }, execs: { min: Math.min(...execs), max: Math.max(...execs), mean: mean(execs) },
          countsComplete: settled && counts.every((c) => c.complete),
        };
        if (s.key === 'floor') floorWall = m.wallS;
        else if (floorWall !== undefined) sample.ratio = m.wallS / floorWall;
        if (s.key === 'floor-capped') cappedWall = m.wallS;
        else if (cappedWall !== undefined) sample.ratioCapped = m.wallS / cappedWall;
        results[i]!.samples.push(sample);
        log(`bench: ${n} hosts, round ${round}/${runs}: ${s.label}: ${m.wallS.toFixed(2)} s, ${sample.status} (exit ${m.exitCode})`);
      }
    }
    return results;
  } finally {
    log(`bench: stopping ${n} test hosts…`);
    await Promise.all(fleet.map((h) => h.host.stop()));
  }
}

function machine(): Record<string, unknown> {
  const os = /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  return { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), os, kernel: release(), node: process.version };
}

const started = new Date();
log('bench: start-up, interleaved…');
const startupRows = await startup();
const date = started.toISOString().slice(0, 10);
mkdirSync(join(REPO, 'bench/results'), { recursive: true });
for (const n of sizes) {
  const results = await benchFleet(n);
  const rows = results.map((r) => summarize(r, n));
  const ts = targets(n, rows, startupRows);
  const header = `## ${n} hosts, ${runs} run${runs === 1 ? '' : 's'}, forks ${forks} — ${date}, ${cpus().length} cores, ${machine().os}, tsprov ${product.commit}${product.uncommitted.length ? '+uncommitted' : ''}`;
  process.stdout.write(`\n${header}\n\n${markdownTable(n, rows)}\n\n${startupTable(startupRows)}\n\n${targetsTable(ts)}\n`);
  const file = join(REPO, 'bench/results', `${date}-${n}.json`);
  writeFileSync(file, JSON.stringify({
    schema: 'tsprov.bench/v1', date: started.toISOString(), hosts: n, runs, forks, machine: machine(),
    product: { commit: product.commit, uncommitted: product.uncommitted }, ansible: ansible ?? null,
    summary: rows, startup: startupRows, targets: ts, samples: results,
  }, null, 2) + '\n');
  log(`bench: wrote ${file}`);
}
