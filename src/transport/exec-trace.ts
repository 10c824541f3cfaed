import type { TraceListener, TransportTrace } from '../core/events.ts';
import { redactDeep } from '../core/secrets.ts';
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

/**
 * The trace listener behind the secret masker: the become password and the key passphrase are
 * read from the environment (or given, from the inventory), so they are the values hidden from every trace, ssh2's debug
 * lines included, whatever a line happens to quote.
 */
export function maskedTrace(listener: TraceListener | undefined, envNames: Array<string | undefined>, given: readonly string[] = []): Trace | undefined {
  if (!listener) return undefined;
  return (t) => {
    const values = [...given, ...envNames.flatMap((n) => (n && process.env[n] ? [process.env[n]!] : []))];
    listener(redactDeep(t, values));
  };
}
