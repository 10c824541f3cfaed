/**
 * `--report prometheus=PATH`: the node_exporter textfile-collector format (Prometheus text
 * exposition 0.0.4), so a drift job's result is scraped with the host's other metrics.
 */
import type { DriftStatus, Finding } from '../engine/drift.ts';

export interface DriftMetrics {
  hosts: Array<{ host: string; status: DriftStatus; findings: Finding[] }>;
  startedAt: Date;
  durationMs: number;
  exitCode: number;
}

/** A label value with the three escapes the format defines. */
const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(3));

export function prometheusText(m: DriftMetrics): string {
  const out: string[] = [];
  const metric = (name: string, type: 'gauge', help: string, samples: Array<[Record<string, string>, number]>): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(',');
      out.push(`${name}${l ? `{${l}}` : ''} ${num(value)}`);
    }
  };
  const byKind = new Map<string, number>();
  for (const h of m.hosts) {
    for (const f of h.findings) {
      if (f.expectedBecause) continue;
      const k = JSON.stringify([h.host, f.kind, f.severity]);
      byKind.set(k, (byKind.get(k) ?? 0) + 1);
    }
  }
  metric('tsprov_drift_findings', 'gauge', 'Drift findings not marked expected, by host, kind and severity.',
    [...byKind].map(([k, n]) => {
      const [host, kind, severity] = JSON.parse(k) as [string, string, string];
      return [{ host, kind, severity }, n];
    }));
  metric('tsprov_drift_expected_findings', 'gauge', 'Findings the inventory marks expected (drift_expected), by host.',
    m.hosts.map((h) => [{ host: h.host }, h.findings.filter((f) => f.expectedBecause).length] as [Record<string, string>, number]).filter(([, n]) => n > 0));
  const statuses: DriftStatus[] = ['ok', 'drift', 'failed', 'unreachable'];
  metric('tsprov_drift_hosts', 'gauge', 'Hosts by drift status.', statuses.map((s) => [{ status: s }, m.hosts.filter((h) => h.status === s).length]));
  metric('tsprov_drift_host_status', 'gauge', 'Each host: 1 for its drift status.', m.hosts.map((h) => [{ host: h.host, status: h.status }, 1]));
  metric('tsprov_drift_last_run_timestamp_seconds', 'gauge', 'When the last drift run started (Unix time).', [[{}, Math.floor(m.startedAt.getTime() / 1000)]]);
  metric('tsprov_drift_last_run_duration_seconds', 'gauge', 'How long the last drift run took.', [[{}, m.durationMs / 1000]]);
  metric('tsprov_drift_last_run_exit_code', 'gauge', 'Exit code of the last drift run (0 none, 2 drift, 3 failed, 4 unreachable).', [[{}, m.exitCode]]);
  return out.join('\n') + '\n';
}
