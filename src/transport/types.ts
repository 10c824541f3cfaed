/**
 * The one interface the rest of tsprov uses to talk to a host. A failed command returns the same
 * shape as a successful one: a non-zero exit is data, not an exception. Only transport failures
 * (connection lost, timeout) throw, as a TransportError with a classification.
 */
import type { ShellText } from '../core/quote.ts';

export interface ExecOptions {
  /**
   * A script the command reads from stdin (`sh -s`), written there then closed. It is run, so it
   * is ShellText: lint:commands checks how it is built, as it checks `command`.
   */
  script?: ShellText;
  /**
   * Bytes written to the command's stdin, then closed: data the command reads (never a script,
   * which goes in `script`). Bytes rather than text, so shell text cannot land here unnoticed.
   */
  stdin?: Uint8Array;
  /** Run through privilege escalation (sudo) when the connection is configured for it. */
  become?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** What to write to the command's stdin; both a script and bytes at once is a caller's bug. */
export function stdinOf(options: ExecOptions): string | Uint8Array | undefined {
  if (options.script !== undefined && options.stdin !== undefined) throw new Error('exec: pass script or stdin, not both');
  return options.script ?? options.stdin;
}

export interface ExecResult {
  exitCode: number;
  /** Set when the remote process was killed by a signal, e.g. "KILL". */
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface Connection {
  /** Runs `command` with the remote user's shell (POSIX sh). Quote every word with core/quote. */
  exec(command: ShellText, options?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
  /** Human-readable description, e.g. "ssh root@198.18.0.2:22". Never contains secrets. */
  readonly description: string;
  /** Counts exec() calls: tests and the bench prove "one round trip" with it. */
  readonly execCount: number;
  /** The host key the (last leg of the) connection was verified with; SSH only. */
  readonly hostKey?: Uint8Array;
}

export type TransportErrorKind = 'unreachable' | 'timeout' | 'auth' | 'host-key' | 'command-failed' | 'config';

export class TransportError extends Error {
  readonly kind: TransportErrorKind;
  /** Transient errors may be retried; auth and host-key errors never are. */
  readonly transient: boolean;
  constructor(kind: TransportErrorKind, message: string, options?: { cause?: unknown; transient?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransportError';
    this.kind = kind;
    this.transient = options?.transient ?? false;
  }
}
