/** The drift report for review tools and tickets: a table of hosts, then each host's findings. */
import { escapeControls as one } from '../core/show-path.ts';
import type { DriftDelta } from '../engine/drift-state.ts';
import type { DriftStatus, Finding } from '../engine/drift.ts';

interface Host {
  host: string;
  status: DriftStatus;
  message?: string;
  findings: Finding[];
}

const cell = (s: string): string => one(s).replace(/\|/g, '\\|');
/** An inline code span no backtick run inside can close early (CommonMark's rule). */
function code(s: string): string {
  const text = one(s);
  const ticks = '`'.repeat(Math.max(1, ...(text.match(/`+/g) ?? []).map((b) => b.length + 1)));
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

export function driftMarkdown(hosts: Host[], delta?: DriftDelta): string {
  const count = (s: DriftStatus): number => hosts.filter((h) => h.status === s).length;
  const out = ['## tsprov drift', '', `${hosts.length} hosts: ${count('ok')} ok, ${count('drift')} drifted, ${count('failed')} failed, ${count('unreachable')} unreachable`, ''];
  out.push('| host | status | findings | note |', '|---|---|---|---|');
  for (const h of hosts) out.push(`| ${cell(h.host)} | ${h.status} | ${h.findings.filter((f) => !f.expectedBecause).length} | ${cell(h.message ?? '')} |`);
  const label = new Map<string, string>();
  for (const n of delta?.new ?? []) label.set(n.id, `new${n.label ? `, ${n.label}` : ''}`);
  for (const s of delta?.still ?? []) label.set(s.id, `still there, since ${s.firstSeen}`);
  for (const h of hosts) {
    if (h.findings.length === 0) continue;
    out.push('', `### ${one(h.host)}`, '', '| severity | kind | target | what | expected | found | since |', '|---|---|---|---|---|---|---|');
    for (const f of h.findings) {
      const since = f.expectedBecause ? `expected: ${f.expectedBecause}` : label.get(f.id) ?? '';
      out.push(`| ${f.severity} | ${f.kind} | ${cell(f.target)} | ${cell(f.what)} | ${cell(f.expected)} | ${cell(f.actual)} | ${cell(since)} |`);
    }
    const fixes = [...new Set(h.findings.filter((f) => !f.expectedBecause).map((f) => f.fix))];
    for (const fix of fixes) out.push('', `Fix: ${code(fix)}`);
    for (const f of h.findings) out.push(`- ${cell(f.what)}: ${one(f.evidence)}`);
  }
  if (delta) {
    out.push('', '### Since the last run', '');
    if (!delta.baseline) out.push('No earlier state: this run is the baseline.');
    else out.push(`${delta.new.length} new, ${delta.still.length} still there, ${delta.resolved.length} resolved.`);
    for (const r of delta.resolved) out.push(`- resolved: ${cell(r.host)} ${r.kind} ${cell(r.target)} ${cell(r.what)} (seen since ${r.firstSeen}${r.label ? `, ${r.label}` : ''})`);
  }
  return out.join('\n') + '\n';
}
