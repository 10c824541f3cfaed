import type { ListrRendererFactory, ListrTask, ListrTaskWrapper } from 'listr2';
import type { RunEvent, RunListener } from '../core/events.ts';
import { lazy } from '../core/lazy.ts';
import type { HostStatus } from '../core/status.ts';
import { escapeControls as one } from '../core/show-path.ts';
import { FleetRenderer } from './fleet-renderer.ts';
import { applyEvent, newFleetState, type ViewSize } from './fleet-view.ts';

// Only the live view needs listr2: plain, quiet and every command that never shows it skip loading it.
const listr2 = lazy<typeof import('listr2')>('listr2');

export type LiveMode = 'live' | 'plain' | 'quiet';

export interface LiveOptions {
  /** The terminal's size, read at each redraw (it may be resized). */
  size?: () => ViewSize;
  now?: () => number;
  /** How often the TTY view redraws; events in between only update the model. */
  intervalMs?: number;
  /** Where the TTY frame goes, as is (no newline added): the redraw counts the lines it wrote. */
  raw?: (s: string) => void;
  /** Lines written here while the frame shows go above it (warnings); null: leave it alone. */
  stderr?: NodeJS.WriteStream | null;
  /**
   * Tests: listr2's own test renderer instead of the frame. Each line it writes (one JSON object
   * per host task event: started, phase as output, final title, failed or skipped) goes here.
   */
  listrTest?: (line: string) => void;
}

export interface LiveView {
  listener: RunListener;
  /** Settles once every host is done and the last frame is drawn. */
  finished: Promise<void>;
  /** Settles once every host's listr2 task has started (events before it keep the last phase only). */
  started: Promise<void>;
}

/** One line per event for `-o plain`: an ISO 8601 UTC wall-clock stamp, then what happened. */
export function plainLine(e: RunEvent, at: Date): string | undefined {
  const stamp = at.toISOString();
  if (e.kind === 'host-phase') return `${stamp} ${one(e.host)}: ${e.phase}${e.detail ? ` (${one(e.detail)})` : ''}`;
  if (e.kind === 'host-done') return `${stamp} ${one(e.host)}: ${e.status}${e.message ? ` — ${one(e.message)}` : ''}`;
  if (e.kind === 'host-warning') return `${stamp} ${one(e.host)}: warning: ${one(e.message)}`;
  if (e.kind === 'batch-start') return `${stamp} batch ${e.index + 1}: ${e.hosts.map(one).join(', ')}`;
  if (e.kind === 'run-aborted') return `${stamp} aborted: ${one(e.reason)}; not started: ${e.notStarted.map(one).join(', ')}`;
  return undefined;
}

type Wrapper = ListrTaskWrapper<unknown, ListrRendererFactory, ListrRendererFactory>;

const PROBLEM: ReadonlySet<HostStatus> = new Set(['failed', 'unreachable', 'rolled-back']);

interface Outcome {
  status: HostStatus;
  message?: string;
}

/** A host as a listr2 task: it runs while the host does, shows its phase, ends with its status. */
class HostTrack {
  phase: string | undefined;
  outcome: Outcome | undefined;
  task: Wrapper | undefined;
  private settle: ((o: Outcome) => void) | undefined;

  constructor(readonly host: string) {}

  setPhase(phase: string): void {
    this.phase = phase;
    if (this.task) this.task.output = phase;
  }

  finish(o: Outcome): void {
    this.outcome = o;
    this.settle?.(o);
  }

  async run(task: Wrapper): Promise<void> {
    this.task = task;
    if (this.phase) task.output = this.phase;
    const o = this.outcome ?? (await new Promise<Outcome>((r) => (this.settle = r)));
    task.title = `${one(this.host)}: ${o.status}${o.message ? ` — ${one(o.message)}` : ''}`;
    if (PROBLEM.has(o.status)) throw new Error(task.title);
    if (o.status === 'skipped') task.skip(task.title);
  }
}

/**
 * The progress view. `live` (TTY): listr2 runs one task per host, drawn by FleetRenderer as one
 * bounded frame — counts, ETA, hosts in flight, problems — so 500 hosts take no more rows than
 * the terminal has. `plain`: a stamped line per event (cron, CI logs). `quiet`: nothing; the
 * results and recap still follow. `write` takes plain lines (it adds the newline).
 */
export function liveView(hosts: string[], mode: LiveMode, write: (s: string) => void, o: LiveOptions = {}): LiveView {
  const now = o.now ?? Date.now;
  if (mode !== 'live') {
    const listener: RunListener = (e) => {
      if (mode === 'quiet') return;
      const line = plainLine(e, new Date(now()));
      if (line !== undefined) write(line);
    };
    return { listener, finished: Promise.resolve(), started: Promise.resolve() };
  }
  const { Listr, ListrLogger, ProcessOutput } = listr2();
  const state = newFleetState(hosts.length);
  const tracks = new Map(hosts.map((h) => [h, new HostTrack(h)]));
  let startedCount = 0;
  let allStarted!: () => void;
  const started = new Promise<void>((r) => (allStarted = r));
  if (!hosts.length) allStarted();
  const tasks: Array<ListrTask<unknown, ListrRendererFactory, ListrRendererFactory>> = [...tracks.values()].map((t) => ({
    title: one(t.host),
    task: (_ctx, task) => {
      if (++startedCount === tracks.size) allStarted();
      return t.run(task);
    },
  }));
  const common = { concurrent: true, exitOnError: false, collectErrors: false as const, registerSignalListeners: false, fallbackRendererCondition: false, silentRendererCondition: false };
  let list: { run: () => Promise<unknown> };
  if (o.listrTest) {
    const sink = o.listrTest;
    const stream = { write: (s: string): boolean => (sink(s.replace(/\n$/, '')), true) } as unknown as NodeJS.WriteStream;
    const logger = new ListrLogger({ useIcons: false, processOutput: new ProcessOutput(stream, stream) });
    list = new Listr(tasks as never, { ...common, renderer: 'test', rendererOptions: { logger, task: ['title'] } });
  } else {
    const rendererOptions = {
      state,
      size: o.size ?? ((): ViewSize => ({ columns: process.stdout.columns, rows: process.stdout.rows })),
      now,
      intervalMs: o.intervalMs ?? 200,
      raw: o.raw ?? ((t: string): void => void process.stdout.write(t)),
      stderr: o.stderr === undefined ? process.stderr : o.stderr,
    };
    // listr2's types know its own renderers by name; FleetRenderer keeps its contract structurally.
    list = new Listr(tasks as never, { ...common, renderer: FleetRenderer as never, rendererOptions: rendererOptions as never });
  }
  const finished = list.run().then(() => undefined, () => undefined);
  const listener: RunListener = (e) => {
    applyEvent(state, e, now());
    if (e.kind === 'host-phase') tracks.get(e.host)?.setPhase(e.phase);
    if (e.kind === 'host-done') tracks.get(e.host)?.finish({ status: e.status, ...(e.message ? { message: e.message } : {}) });
  };
  return { listener, finished, started };
}
