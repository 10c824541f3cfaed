import { renderFleet, type FleetState, type ViewSize } from './fleet-view.ts';

export interface FleetRendererOptions {
  state: FleetState;
  /** The terminal's size, read at each redraw (it may be resized). */
  size: () => ViewSize;
  now: () => number;
  /** How often the frame redraws; events in between only mark it stale. */
  intervalMs: number;
  /** Where the frame goes, as is (no newline added): the redraw counts the lines it wrote. */
  raw: (s: string) => void;
  /** Lines written here while the frame shows go above it (warnings); null: leave it alone. */
  stderr: NodeJS.WriteStream | null;
}

interface Emitter {
  on(event: string, fn: () => void): void;
}

/**
 * A listr2 renderer (its ListrRenderer contract: static options, a constructor taking the tasks
 * and the renderer options, render(), end()) that draws the fleet as one bounded frame redrawn in
 * place. listr2's default renderer draws a row per task: at 500 hosts that floods the terminal,
 * and in a pty that reports no width it wraps at zero columns, one character per line.
 */
export class FleetRenderer {
  /** tsprov picks the live view itself (a TTY, no report on stdout): listr2 must not swap it. */
  static nonTTY = true;
  static rendererOptions: Partial<FleetRendererOptions> = {};
  static rendererTaskOptions: Record<string, never> = {};

  private drawn = 0;
  private dirty = true;
  private timer: NodeJS.Timeout | undefined;
  private original: NodeJS.WriteStream['write'] | undefined;

  constructor(
    private readonly tasks: Emitter[],
    private readonly o: FleetRendererOptions,
  ) {}

  render(): void {
    const stale = (): void => void (this.dirty = true);
    for (const t of this.tasks) for (const e of ['STATE', 'OUTPUT', 'TITLE']) t.on(e, stale);
    this.hookStderr();
    this.timer = setInterval(() => {
      // Elapsed times move even without events.
      this.dirty = true;
      this.draw();
    }, this.o.intervalMs);
    this.timer.unref();
    this.draw();
  }

  end(): void {
    clearInterval(this.timer);
    this.dirty = true;
    this.draw();
    if (this.o.stderr && this.original) this.o.stderr.write = this.original;
  }

  private erase(): string {
    // Back to the frame's first line and clear below: the next frame replaces it, never scrolls.
    return this.drawn ? `\x1b[${this.drawn}F\x1b[J` : '';
  }

  private draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const lines = renderFleet(this.o.state, this.o.size(), this.o.now());
    this.o.raw(`${this.erase()}${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  /**
   * A warning written under the frame would be half erased by the next redraw: clear the frame
   * first, let the warning scroll up with the output above, and draw the frame again below it.
   * (listr2's own renderers buffer stderr until the end instead: a warning would come too late.)
   */
  private hookStderr(): void {
    const stderr = this.o.stderr;
    if (!stderr) return;
    const original = (this.original = stderr.write);
    stderr.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      if (this.drawn) this.o.raw(this.erase());
      this.drawn = 0;
      this.dirty = true;
      const ok = (original as (...a: unknown[]) => boolean).call(stderr, chunk, ...rest);
      this.draw();
      return ok;
    }) as NodeJS.WriteStream['write'];
  }
}
