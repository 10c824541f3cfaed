import type { RunEvent } from '../core/events.ts';
import type { HostStatus } from '../core/status.ts';
import { escapeControls as one } from '../core/show-path.ts';

/**
 * The TTY view's model: what a fleet run looks like right now, fed by RunEvents. Kept apart from
 * the drawing so a view of 500 hosts can be tested as plain text, without a terminal.
 */
export interface FleetState {
  total: number;
  running: Map<string, { phase: string; since: number }>;
  counts: Record<HostStatus, number>;
  /** Failures, unreachables and rollbacks in the order they happened. */
  problems: Array<{ host: string; status: HostStatus; message?: string }>;
  finishedMs: number[];
  /** Most hosts seen running at once: forks, or a smaller `serial` batch. */
  concurrency: number;
  aborted?: string;
}

const PROBLEM: ReadonlySet<HostStatus> = new Set(['failed', 'unreachable', 'rolled-back']);
const MAX_PROBLEMS = 10;

export function newFleetState(total: number): FleetState {
  return {
    total,
    running: new Map(),
    counts: { ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0, 'rolled-back': 0 },
    problems: [],
    finishedMs: [],
    concurrency: 0,
  };
}

export function applyEvent(s: FleetState, e: RunEvent, now: number): void {
  if (e.kind === 'host-start') {
    s.running.set(e.host, { phase: 'start', since: now });
    s.concurrency = Math.max(s.concurrency, s.running.size);
  } else if (e.kind === 'host-phase') {
    const r = s.running.get(e.host);
    if (r) r.phase = e.phase;
    else s.running.set(e.host, { phase: e.phase, since: now });
  } else if (e.kind === 'host-done') {
    const r = s.running.get(e.host);
    // Hosts never started (an abort, Ctrl-C) took no time and would drag the mean down.
    if (r) s.finishedMs.push(now - r.since);
    s.running.delete(e.host);
    s.counts[e.status]++;
    if (PROBLEM.has(e.status)) s.problems.push({ host: e.host, status: e.status, ...(e.message ? { message: e.message } : {}) });
  } else if (e.kind === 'run-aborted') s.aborted = e.reason;
}

/** Seconds left: the mean host duration times the rounds of `concurrency` hosts still to go. */
export function etaSeconds(s: FleetState): number | undefined {
  if (!s.finishedMs.length) return undefined;
  const done = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const left = s.total - done;
  if (left <= 0) return 0;
  const mean = s.finishedMs.reduce((a, b) => a + b, 0) / s.finishedMs.length;
  return Math.ceil((mean * left) / Math.max(1, s.concurrency) / 1000);
}

const clock = (sec: number): string => (sec >= 60 ? `${Math.floor(sec / 60)}m${String(sec % 60).padStart(2, '0')}s` : `${sec}s`);

export interface ViewSize {
  /** Terminal width; 0 or undefined (a pty that reports none) means 80. */
  columns?: number | undefined;
  /** Terminal height; the view never uses more than this minus one line. */
  rows?: number | undefined;
}

/**
 * The view as lines, each cut to the width so none wraps (a wrapped line would break the redraw).
 * Finished ok/changed hosts only count; hosts in flight and problems are listed, both bounded.
 */
export function renderFleet(s: FleetState, size: ViewSize, now: number): string[] {
  const width = size.columns && size.columns >= 20 ? size.columns : 80;
  const budget = Math.max(8, (size.rows && size.rows > 0 ? size.rows : 24) - 1);
  const c = s.counts;
  const done = Object.values(c).reduce((a, b) => a + b, 0);
  const eta = etaSeconds(s);
  // Two short lines rather than one long one: at 80 columns neither loses its end (pending, ETA).
  const progress = [
    `${done}/${s.total} done`, `running ${s.running.size}`, `pending ${Math.max(0, s.total - done - s.running.size)}`,
    ...(eta !== undefined && done < s.total ? [`ETA ${clock(eta)}`] : []),
  ];
  const outcome = [
    `ok ${c.ok}`, `changed ${c.changed}`, `failed ${c.failed}`, `unreachable ${c.unreachable}`, `rolled back ${c['rolled-back']}`,
    ...(c.skipped ? [`skipped ${c.skipped}`] : []),
  ];
  const lines = [progress.join('  '), outcome.join('  ')];
  if (s.aborted) lines.push(`aborted: ${one(s.aborted)}`);
  const problems: string[] = [];
  if (s.problems.length) {
    const shown = s.problems.slice(-MAX_PROBLEMS);
    problems.push(`problems (${s.problems.length}${s.problems.length > shown.length ? `, last ${shown.length}` : ''}):`);
    for (const p of shown) problems.push(`  ${one(p.host)}: ${p.status}${p.message ? ` — ${one(p.message)}` : ''}`);
  }
  // Problems are what the operator must see, so they keep their rows; hosts in flight get the rest.
  const room = Math.max(2, budget - lines.length - problems.length);
  if (s.running.size) {
    const hosts = [...s.running].sort((a, b) => a[1].since - b[1].since);
    const fit = hosts.length <= room - 1 ? hosts.length : Math.max(0, room - 2);
    lines.push('running:');
    for (const [h, r] of hosts.slice(0, fit)) lines.push(`  ${one(h)}  ${r.phase} (${((now - r.since) / 1000).toFixed(1)}s)`);
    if (hosts.length > fit) lines.push(`  … and ${hosts.length - fit} more`);
  }
  lines.push(...problems);
  return lines.slice(0, budget).map((l) => (l.length > width - 1 ? `${l.slice(0, width - 2)}…` : l));
}
