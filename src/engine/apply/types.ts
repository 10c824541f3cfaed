import type { Change } from '../../core/change.ts';
import type { ShellText } from '../../core/quote.ts';

/** A named handler: its command lines (already quoted with shq/shJoin) run in order, each checked. */
export interface ApplyHandler {
  name: string;
  commands: ShellText[];
}

export interface ConfirmOptions {
  /** Seconds until the on-host timer restores the backup unless the run is confirmed. */
  timeoutSec: number;
  /** Command lines (already quoted) re-run after the restore, e.g. reloading the old network config. */
  rollbackHandlers: ShellText[];
  /** 'auto' picks systemd-run when systemd is PID 1, else a detached sleeper; tests force 'sleep'. */
  timer?: 'auto' | 'systemd' | 'sleep';
}

export interface ApplyInput {
  runId: string;
  changes: Change[];
  handlers: ApplyHandler[];
  confirm?: ConfirmOptions;
  /** Default /var/backups/tsprov. */
  backupRoot?: string;
  /** Lock directory; default /run/lock/tsprov.lock (or /var/lock/tsprov.lock without /run/lock). */
  lockPath?: string;
  /** Seconds to wait for a busy lock; default 0 = fail at once naming the holder. */
  lockWaitSec?: number;
}

/**
 * Exit codes of the generated scripts. Distinct so the engine can tell "nothing changed"
 * failures (lock, backup) from failures after which files were restored.
 */
export const ApplyExit = {
  ok: 0,
  lockBusy: 10,
  backupFailed: 11,
  changeFailed: 12,
  handlerFailed: 13,
  armFailed: 14,
  restoreFailed: 15,
  setupFailed: 16,
  /** An earlier run on this host is armed and still awaiting confirmation. */
  pendingRun: 17,
  unknownRun: 20,
  tooLate: 21,
} as const;
export type ApplyExit = (typeof ApplyExit)[keyof typeof ApplyExit];

export const DEFAULT_BACKUP_ROOT = '/var/backups/tsprov';

/** Marker files inside <backupRoot>/<runId>/ that record a run's state on the host. */
export const Marker = {
  manifest: 'manifest',
  restore: 'restore.sh',
  rollback: 'rollback.sh',
  armed: 'armed',
  decided: 'decided',
  confirmed: 'confirmed',
  rolledBack: 'rolled-back',
  failed: 'failed',
  done: 'done',
} as const;

export const PROTOCOL_PREFIX = '@@tsprov@@';
