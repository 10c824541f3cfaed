import type { Backend, Bond } from '../config/bond-model.ts';
import type { Change, PlanNote } from '../core/change.ts';
import type { Host } from '../core/host.ts';
import type { ShellText } from '../core/quote.ts';
import type { ExtraRequest, ExtraResult } from '../facts/extras.ts';
import type { HostFacts } from '../facts/types.ts';

/** What a module may know when it plans: the host, its facts and its declared bonds. Nothing else. */
export interface ModuleContext {
  host: Host;
  /** Host vars merged with play vars (play vars win), for templates and `when`. */
  vars: Record<string, unknown>;
  facts: HostFacts;
  /** The host's declared bonds (inventory var `bonds`), normalised. */
  bonds: Bond[];
  /** Backend pinned by inventory, or detected from facts; undefined when neither can tell. */
  backend: Backend | undefined;
  /** Extra facts the module asked for (see FactRequest), gathered in the same probe exec. */
  extra: ExtraFacts;
}

/** Extra facts a task needs beyond the standard probe, gathered in the same single exec. */
export type FactRequest = ExtraRequest;
/** What the probe found for a FactRequest. */
export type ExtraFacts = ExtraResult;

/** What one bond must look like live; the engine's verify step checks it. */
export interface BondVerifySpec {
  bond: Bond;
  /** How many slaves may be down before verification fails (default 0). */
  allowDegraded: number;
  /** Addresses that must answer a ping sent over the bond (the `verify_ping` arg). */
  ping?: string[];
}

/**
 * A task's plan: the difference between facts and the declared state, or a no-op with its reason.
 * Plain data (JSON-serialisable), stable order.
 */
export interface TaskPlan {
  task: string;
  module: string;
  changes: Change[];
  /** Why nothing changes ("bond0 already matches"); set exactly when `changes` is empty. */
  noop?: string;
  notes: PlanNote[];
  /** Set when the task cannot simulate and check mode must skip it. */
  skipped?: string;
  /** Bonds a reload handler must bring down/up because of this task. */
  reload: string[];
  /** Bonds among `reload` whose changed options the kernel refuses on a live bond. */
  reloadNeedsDown: string[];
  verify: BondVerifySpec[];
}

export interface PlanInput {
  task: string;
  args: Record<string, unknown>;
  ctx: ModuleContext;
  check: boolean;
}

export interface TaskModule {
  name: string;
  /** Extra facts this task's plan needs. */
  wants?(args: Record<string, unknown>, ctx: Omit<ModuleContext, 'facts' | 'extra'>): Partial<FactRequest>;
  plan(input: PlanInput): TaskPlan;
}

/** A handler module turns the reloads its notifiers asked for into commands. */
export interface HandlerModule {
  name: string;
  /** Its commands can cut the management path: the apply arms the rollback timer first. */
  guardsNetwork?: boolean;
  /** Commands that bring the old config back up after the files were restored. */
  rollbackCommands?(input: { bonds: Bond[]; backend: Backend | undefined }): ShellText[];
  /** `bonds`: the declared bonds of the notifying tasks (their args or the host's `bonds`). */
  commands(input: { args: Record<string, unknown>; ctx: ModuleContext; reload: string[]; needsDown: string[]; bonds: Bond[] }): ShellText[];
}

export function emptyPlan(task: string, module: string): TaskPlan {
  return { task, module, changes: [], notes: [], reload: [], reloadNeedsDown: [], verify: [] };
}
