import type { ShellText } from './quote.ts';

/**
 * A change is plain data: serialisable, comparable, and complete enough that a diff can be shown
 * without asking the host again. Modules produce them; the engine applies them; reporters show them.
 */
export interface FileChange {
  kind: 'file';
  /** Absolute path on the host. */
  target: string;
  /** Current content, or null when the file does not exist. */
  before: string | null;
  /** Desired content, or null to remove the file. */
  after: string | null;
  /** Octal mode to set, e.g. "0644"; absent = keep the existing mode (new files get 0644). */
  mode?: string;
  owner?: string;
  group?: string;
  reason: string;
  /** Content holds secrets: reporters mask it. */
  sensitive?: boolean;
}

export interface PackageChange {
  kind: 'package';
  target: string;
  before: 'absent' | 'present';
  after: 'absent' | 'present';
  manager: 'apt' | 'dnf';
  reason: string;
}

export interface ModuleChange {
  kind: 'module';
  target: string;
  before: 'unloaded' | 'loaded';
  after: 'loaded' | 'unloaded';
  /** Also make it load at boot (e.g. /etc/modules). */
  persist?: boolean;
  reason: string;
}

export interface CommandChange {
  kind: 'command';
  /** The command line exactly as it will run (`sh -c`), already quoted. */
  target: ShellText;
  /**
   * The words of a command run without a shell (`command`); `target` is then their shJoin, and
   * the apply script quotes these words again itself rather than trusting `target`.
   */
  argv?: string[];
  before: null;
  after: null;
  reason: string;
  /** Performed by this notified handler rather than as a step of its own (e.g. a bond reload). */
  viaHandler?: string;
  /**
   * When the command exits non-zero: `ignore` goes on and reports the task failed but ignored
   * (`ignore_errors: true`), `succeed` goes on as if it had succeeded (`failed_when: false`).
   * Absent: the apply stops and restores, as for any failed step.
   */
  onError?: 'ignore' | 'succeed';
  /** The command line carries a secret: reporters show a placeholder instead. */
  sensitive?: boolean;
}

export type Change = FileChange | PackageChange | ModuleChange | CommandChange;
export type ChangeKind = Change['kind'];

export interface PlanNote {
  level: 'info' | 'warn';
  message: string;
}
