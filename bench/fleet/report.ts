/**
 * Results: per-run samples → medians and spreads, the table, issue 15's targets next to the
 * measurement (met / NOT met, never a failure exit), and the JSON written to bench/results/.
 */
import { spread, type Spread } from './measure.ts';

export interface PerHost { min: number; max: number; mean: number }

export interface Sample {
  wallS: number;
  cpuS: number;
  maxRssMb: number;
  /** CPU the hosts' sshd processes and everything they ran used (their rusage, reaped children included). */
  fleetCpuS: number;
  machineBusyS: number;
  exitCode: number;
  status: string;
  conns?: PerHost;
  execs?: PerHost;
  /** False when a host's sshd log wrapped between reads: counts are then a lower bound. */
  countsComplete?: boolean;
  /** wallS / the floor's wallS of the same round. */
  ratio?: number;
  /** wallS / the capped floor's (forks at a time) wallS of the same round, where there is one. */
  ratioCapped?: number;
}

export interface ScenarioResult { key: string; label: string; samples: Sample[] }

export interface Summary {
  key: string;
  label: string;
  wallS: Spread;
  hostsPerS: number;
  ratio: Spread | undefined;
  ratioCapped: Spread | undefined;
  cpuS: Spread;
  cpuMsPerHost: number;
  peakRssMb: number;
  fleetCpuS: Spread;
  conns: PerHost | undefined;
  execs: PerHost | undefined;
  statuses: string[];
}

function overall(p: Array<PerHost | undefined>): PerHost | undefined {
  const d = p.filter((x): x is PerHost => x !== undefined);
  if (d.length === 0) return undefined;
  return { min: Math.min(...d.map((x) => x.min)), max: Math.max(...d.map((x) => x.max)), mean: d.reduce((s, x) => s + x.mean, 0) / d.length };
}

export function summarize(r: ScenarioResult, hosts: number): Summary {
  const wallS = spread(r.samples.map((s) => s.wallS));
  const cpuS = spread(r.samples.map((s) => s.cpuS));
  const ratios = r.samples.map((s) => s.ratio).filter((x): x is number => x !== undefined);
  const capped = r.samples.map((s) => s.ratioCapped).filter((x): x is number => x !== undefined);
  return {
    key: r.key, label: r.label, wallS, hostsPerS: hosts / wallS.median,
    ratio: ratios.length ? spread(ratios) : undefined,
    ratioCapped: capped.length ? spread(capped) : undefined,
    cpuS, cpuMsPerHost: (cpuS.median * 1000) / hosts,
    peakRssMb: Math.max(...r.samples.map((s) => s.maxRssMb)),
    fleetCpuS: spread(r.samples.map((s) => s.fleetCpuS)),
    conns: overall(r.samples.map((s) => s.conns)), execs: overall(r.samples.map((s) => s.execs)),
    statuses: [...new Set(r.samples.map((s) => `${s.status} (exit ${s.exitCode})`))],
  };
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
const range = (s: Spread, d = 2): string => `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`;
const perHost = (p: PerHost | undefined): string => (p === undefined ? '–' : p.min === p.max ? String(p.min) : `${p.min}–${p.max} (mean ${f(p.mean)})`);

export function markdownTable(hosts: number, rows: Summary[]): string {
  const head = ['scenario', 'wall s, median (min–max)', 'hosts/s', '× floor', 'controller CPU s', 'ms/host', 'peak RSS MB', 'fleet CPU s (ms/host)', 'SSH conns/host', 'execs/host', 'result'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(`| ${[
      r.label, range(r.wallS), f(r.hostsPerS, 1), r.ratio ? range(r.ratio) : '1', f(r.cpuS.median), f(r.cpuMsPerHost, 1), f(r.peakRssMb, 0),
      `${f(r.fleetCpuS.median)} (${f((r.fleetCpuS.median * 1000) / hosts, 1)})`, perHost(r.conns), perHost(r.execs), r.statuses.join('; '),
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

export interface StartupRow { label: string; wallS: Spread; cpuS: Spread; peakRssMb: number; ratio: number }

export function startupTable(rows: StartupRow[]): string {
  const lines = ['| start-up | wall s, median (min–max) | × `node -e 0` | CPU s | peak RSS MB |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.label} | ${range(r.wallS, 3)} | ${f(r.ratio)} | ${f(r.cpuS.median, 3)} | ${f(r.peakRssMb, 0)} |`);
  return lines.join('\n');
}

export interface Target { target: string; measured: string; met: boolean | undefined }

/** Issue 15's targets, judged on this N (the issue states most of them for 500 or 1,000 hosts). */
export function targets(hosts: number, rows: Summary[], startup: StartupRow[]): Target[] {
  const by = (k: string): Summary | undefined => rows.find((r) => r.key === k);
  const out: Target[] = [];
  const atN = hosts === 500 ? '' : ` (issue: at 500 hosts; here ${hosts})`;
  for (const [k, max] of [['drift', 0.7], ['check', 0.7], ['run', 1.5]] as const) {
    const r = by(k)?.ratio;
    const c = by(k)?.ratioCapped;
    const stricter = c ? `; ${f(c.median)}× the floor capped at forks` : '';
    if (r) out.push({ target: `${k} ≤ ${max}× the floor${atN}`, measured: `${f(r.median)}×${stricter}`, met: r.median <= max });
  }
  const drift = by('drift');
  if (drift) out.push({ target: 'drift: controller CPU ≤ 10 ms/host', measured: `${f(drift.cpuMsPerHost, 1)} ms/host`, met: drift.cpuMsPerHost <= 10 });
  const rss = Math.max(...rows.filter((r) => r.key.startsWith('run') || r.key === 'drift' || r.key === 'check').map((r) => r.peakRssMb));
  out.push({ target: 'peak RSS ≤ 300 MB at 1,000 hosts', measured: `${f(rss, 0)} MB at ${hosts} hosts`, met: hosts >= 1000 ? rss <= 300 : undefined });
  for (const k of ['run2', 'drift']) {
    const r = by(k);
    if (r?.conns && r.execs) {
      out.push({ target: `${r.label}: exactly 1 SSH connection and ≤ 2 execs per host`, measured: `${perHost(r.conns)} conn, ${perHost(r.execs)} exec`, met: r.conns.min === 1 && r.conns.max === 1 && r.execs.max <= 2 });
    }
  }
  const floor = by('floor-capped') ?? by('floor');
  if (floor && drift) out.push({ target: "the probe's cost on the host (no target number; drift vs the floor's plain read)", measured: `${f((drift.fleetCpuS.median * 1000) / hosts, 1)} vs ${f((floor.fleetCpuS.median * 1000) / hosts, 1)} ms of host CPU per host`, met: undefined });
  for (const s of startup.filter((x) => x.label !== 'node -e 0')) out.push({ target: `${s.label} within 3× node -e 0`, measured: `${f(s.ratio)}×`, met: s.ratio <= 3 });
  return out;
}

export function targetsTable(ts: Target[]): string {
  const lines = ['| target (issue 15) | measured | |', '|---|---|---|'];
  for (const t of ts) lines.push(`| ${t.target} | ${t.measured} | ${t.met === undefined ? 'not judged' : t.met ? 'met' : 'NOT met'} |`);
  return lines.join('\n');
}
