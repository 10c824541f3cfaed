import type { HostStatus } from './status.ts';

/** The phases a host goes through, in order; reporters show them live. */
export type HostPhase = 'connect' | 'facts' | 'preconditions' | 'plan' | 'apply' | 'handlers' | 'verify' | 'confirm' | 'rollback';

/**
 * Everything the engine tells reporters, keyed by `kind`. Events carry plain data only, so a
 * reporter can print, collect or serialise them without calling back into the engine.
 */
export type RunEvent =
  | { kind: 'run-start'; runId: string; hosts: string[]; check: boolean; at: string }
  | { kind: 'batch-start'; index: number; hosts: string[] }
  | { kind: 'host-start'; host: string }
  | { kind: 'host-phase'; host: string; phase: HostPhase; detail?: string }
  | { kind: 'host-warning'; host: string; message: string }
  | { kind: 'host-done'; host: string; status: HostStatus; changed: number; message?: string }
  | { kind: 'run-aborted'; reason: string; notStarted: string[] }
  | { kind: 'run-done'; runId: string; durationMs: number }
  | { kind: 'task-args'; host: string; task: string; module: string; args: Record<string, unknown> }
  | { kind: 'task-result'; host: string; task: TaskTrace }
  | (TransportTrace & { host: string });

/** One task's outcome as `-v` shows it: plain data, secrets already hidden by the engine. */
export interface TaskTrace {
  task: string;
  module: string;
  status: 'ok' | 'changed' | 'skipped' | 'failed';
  reason?: string;
  error?: string;
  changes: Array<{ kind: string; target: string; reason: string; detail?: string }>;
}

/**
 * What a transport tells about itself for `-vv` and up. Defined here (not in transport/) so the
 * engine can forward it as a RunEvent and reporters can format it without importing transport.
 * Never carries a password or passphrase: only where they come from (an env var's name).
 */
export type TransportTrace =
  | {
      kind: 'connection';
      where: string;
      transport: 'ssh' | 'local';
      user: string;
      address?: string;
      port?: number;
      jumps: string[];
      identityFiles: string[];
      agent: boolean;
      /** Env var a key passphrase would be read from (only when a key is encrypted). */
      passphraseFrom?: string;
      hostKeyPolicy?: string;
      knownHosts?: string[];
      /** How long the TCP connect and SSH handshake may take. */
      connectTimeoutMs?: number;
      become: { method: 'sudo' | 'none'; user?: string; passwordFrom?: string };
    }
  | { kind: 'remote-exec'; where: string; command: string; become: boolean; stdinBytes: number; durationMs: number; exitCode?: number; signal?: string; error?: string }
  | { kind: 'transport-debug'; where: string; message: string };

export type TraceListener = (trace: TransportTrace) => void;

export type RunListener = (event: RunEvent) => void;
