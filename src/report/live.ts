import { Listr, type ListrTask } from 'listr2';
import type { RunEvent, RunListener } from '../core/events.ts';
import type { HostStatus } from '../core/status.ts';
import { escapeControls as one } from '../core/show-path.ts';

export type LiveMode = 'live' | 'plain' | 'quiet';

interface Pending {
  resolve: (v: { status: HostStatus; message?: string }) => void;
  phase?: (p: string) => void;
}

/**
 * The live view: a listr2 task per host in a TTY (phases shown as they happen), one plain line per
 * event otherwise (cron, CI logs). Returns the listener to hand the engine and a promise that
 * settles once every host is done.
 */
export function liveView(hosts: string[], mode: LiveMode, write: (s: string) => void): { listener: RunListener; finished: Promise<void> } {
  if (mode !== 'live') {
    const t0 = Date.now();
    const stamp = (): string => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s`;
    const listener: RunListener = (e: RunEvent) => {
      if (mode === 'quiet') return;
      if (e.kind === 'host-phase') write(`${stamp()} ${e.host}: ${e.phase}${e.detail ? ` (${one(e.detail)})` : ''}`);
      else if (e.kind === 'host-done') write(`${stamp()} ${e.host}: ${e.status}${e.message ? ` — ${one(e.message)}` : ''}`);
      else if (e.kind === 'host-warning') write(`${stamp()} ${e.host}: warning: ${one(e.message)}`);
      else if (e.kind === 'batch-start') write(`${stamp()} batch ${e.index + 1}: ${e.hosts.join(', ')}`);
      else if (e.kind === 'run-aborted') write(`${stamp()} aborted: ${one(e.reason)}; not started: ${e.notStarted.join(', ')}`);
    };
    return { listener, finished: Promise.resolve() };
  }
  const pending = new Map<string, Pending>();
  const tasks: ListrTask[] = hosts.map((h) => ({
    title: h,
    task: async (_ctx, task) => {
      const done = await new Promise<{ status: HostStatus; message?: string }>((resolve) => {
        pending.set(h, { resolve, phase: (p) => (task.output = p) });
      });
      task.title = `${h}: ${done.status}${done.message ? ` — ${one(done.message)}` : ''}`;
      if (done.status === 'failed' || done.status === 'unreachable' || done.status === 'rolled-back') throw new Error(task.title);
      if (done.status === 'skipped') task.skip(task.title);
    },
  }));
  // Events can arrive before listr has started a host's task: remember them until it has.
  const early = new Map<string, { status: HostStatus; message?: string }>();
  const list = new Listr(tasks, { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } });
  const finished = list.run().then(() => undefined, () => undefined);
  const listener: RunListener = (e) => {
    if (e.kind === 'host-phase') pending.get(e.host)?.phase?.(e.phase);
    if (e.kind === 'host-done') {
      const p = pending.get(e.host);
      const v = { status: e.status, ...(e.message ? { message: e.message } : {}) };
      if (p) p.resolve(v);
      else early.set(e.host, v);
    }
  };
  // Hosts that finished before their listr task started: resolve them once it registers.
  const timer = setInterval(() => {
    for (const [h, v] of early) {
      const p = pending.get(h);
      if (p) {
        p.resolve(v);
        early.delete(h);
      }
    }
    if (early.size === 0 && pending.size === hosts.length) clearInterval(timer);
  }, 50);
  return { listener, finished: finished.finally(() => clearInterval(timer)) };
}
