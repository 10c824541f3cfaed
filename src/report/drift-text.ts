/** The human drift report: per host its verdict and findings, then what changed since the last run. */
import { escapeControls as one } from '../core/show-path.ts';
import type { DriftDelta } from '../engine/drift-state.ts';
import type { DriftStatus, Finding } from '../engine/drift.ts';

interface Host {
  host: string;
  status: DriftStatus;
  message?: string;
  findings: Finding[];
}

export function driftText(hosts: Host[], delta?: DriftDelta): string {
  const out: string[] = [];
  const label = new Map<string, string>();
  for (const n of delta?.new ?? []) label.set(n.id, `NEW${n.label ? `, ${n.label}` : ''}`);
  for (const s of delta?.still ?? []) label.set(s.id, `still, since ${s.firstSeen}`);
  for (const h of hosts) {
    out.push(`== ${h.host}: ${h.status}${h.message ? ` — ${one(h.message)}` : ''}`);
    for (const f of h.findings) {
      const tag = f.expectedBecause ? `expected: ${one(f.expectedBecause)}` : label.get(f.id);
      out.push(`  ${f.severity.toUpperCase()} ${f.kind} ${one(f.target)} ${one(f.what)}: expected ${one(f.expected)}, found ${one(f.actual)}${tag ? `  [${tag}]` : ''}`);
      if (!f.expectedBecause) out.push(`    fix: ${one(f.fix)}`);
    }
  }
  if (delta) {
    if (!delta.baseline) out.push('since last run: no earlier state (this run is the baseline)');
    else out.push(`since last run: ${delta.new.length} new, ${delta.still.length} still there, ${delta.resolved.length} resolved`);
    for (const r of delta.resolved) out.push(`  RESOLVED ${one(r.host)} ${r.kind} ${one(r.target)} ${one(r.what)} (seen since ${r.firstSeen}${r.label ? `, ${r.label}` : ''})`);
  }
  const count = (s: DriftStatus): number => hosts.filter((h) => h.status === s).length;
  out.push(`DRIFT: ${hosts.length} host${hosts.length === 1 ? '' : 's'}: ${count('ok')} ok, ${count('drift')} drifted, ${count('failed')} failed, ${count('unreachable')} unreachable`);
  return out.join('\n');
}
