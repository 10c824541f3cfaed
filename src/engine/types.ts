import type { Backend } from '../config/bond-model.ts';
import type { HostPhase, RunListener } from '../core/events.ts';
import type { HostStatus, Verdict } from '../core/status.ts';
import type { TaskPlan } from '../modules/types.ts';
import type { BondCheck } from './verify.ts';
import type { Host } from '../core/host.ts';
import type { Connection } from '../transport/types.ts';

/** Opens the one connection a host's step uses; the engine never knows which transport. */
/** Opens a connection to a host; `address`/`pinnedHostKey` reach it where its management address moved. */
export type Connector = (host: Host, to?: { address: string; pinnedHostKey?: Uint8Array }) => Promise<Connection>;

export interface PreconditionResult {
  id: string;
  verdict: Verdict;
  message: string;
  evidence: string;
  fix?: string;
}

export interface TaskResult extends TaskPlan {
  /** ok = nothing to do; changed; skipped (when false, tag, check-mode unsupported); failed. */
  status: 'ok' | 'changed' | 'skipped' | 'failed';
  error?: string;
  /** Failed, and `ignore_errors: true` let the host go on (Ansible's `...ignoring`). */
  ignored?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  checks: BondCheck[];
  /** How long polling took until it held (or gave up). */
  durationMs: number;
}

/** One host's outcome: plain data, serialisable as is into the JSON report. */
export interface HostResult {
  host: string;
  status: HostStatus;
  /** Why it is failed/unreachable/rolled-back/skipped; absent when ok/changed. */
  message?: string;
  errorKind?: string;
  backend?: Backend;
  preconditions: PreconditionResult[];
  tasks: TaskResult[];
  handlers: string[];
  /** Notified handlers that ran nothing, each with the reason (`when` false); also in `notes`. */
  handlersSkipped?: string[];
  verify?: VerifyResult;
  /** Verification of the restored state after a rollback. */
  verifyAfterRollback?: VerifyResult;
  notes: string[];
  timings: Partial<Record<HostPhase, number>>;
  durationMs: number;
  changed: number;
  facts?: import('../facts/types.ts').HostFacts;
}

export interface RunOptions {
  runId: string;
  check: boolean;
  diff: boolean;
  forks: number;
  /** Skip tasks whose tags do not match (empty = all). */
  tags: string[];
  skipTags: string[];
  /** Apply: seconds before the on-host timer restores the old config unless confirmed; undefined = the bond task's `confirm_timeout`, else 120. */
  confirmTimeoutSec?: number;
  /** Apply: roll back when verification fails (default true). */
  rollback: boolean;
  /** How long verification polls for links to come up. */
  verifyTimeoutMs: number;
  /** Keep the gathered facts in each HostResult (for `facts --json` and reports). */
  keepFacts: boolean;
  listener?: RunListener;
  signal?: AbortSignal;
}

export const DEFAULT_CONFIRM_TIMEOUT_SEC = 120;

export const DEFAULT_RUN_OPTIONS: Omit<RunOptions, 'runId'> = {
  check: false,
  diff: false,
  forks: 10,
  tags: [],
  skipTags: [],
  rollback: true,
  verifyTimeoutMs: 30_000,
  keepFacts: false,
};
