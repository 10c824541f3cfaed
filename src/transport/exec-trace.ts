import type { TransportTrace } from '../core/events.ts';
import type { ExecResult } from './types.ts';

export type Trace = (t: TransportTrace) => void;

/**
 * Reports one exec once it ends (`-vvv`): the command as sent (sudo wrapper included, which never
 * holds the password: that goes over stdin), stdin's size but never its content, exit and time.
 */
export function traceExec(run: Promise<ExecResult>, trace: Trace, e: { where: string; command: string; become: boolean; stdin: string | Uint8Array | undefined }): Promise<ExecResult> {
  const started = performance.now();
  const stdinBytes = e.stdin === undefined ? 0 : typeof e.stdin === 'string' ? Buffer.byteLength(e.stdin) : e.stdin.length;
  const base = { kind: 'remote-exec' as const, where: e.where, command: e.command, become: e.become, stdinBytes };
  return run.then(
    (r) => {
      trace({ ...base, durationMs: r.durationMs, exitCode: r.exitCode, ...(r.signal ? { signal: r.signal } : {}) });
      return r;
    },
    (err: unknown) => {
      trace({ ...base, durationMs: performance.now() - started, error: err instanceof Error ? err.message : String(err) });
      throw err;
    },
  );
}
