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
  | { kind: 'run-done'; runId: string; durationMs: number };

export type RunListener = (event: RunEvent) => void;
