import type { Backend, Bond } from '../config/bond-model.ts';
import type { Play, Task } from '../config/playbook.ts';
import type { Change } from '../core/change.ts';
import type { Host } from '../core/host.ts';
import { shJoin, type ShellText } from '../core/quote.ts';
import type { HostFacts } from '../facts/types.ts';
import { commandArgv, shellCmd } from '../modules/command.ts';
import { HANDLER_MODULES, TASK_MODULES } from '../modules/registry.ts';
import { emptyPlan, type BondVerifySpec, type ExtraFacts, type FactRequest, type ModuleContext } from '../modules/types.ts';
import type { TaskResult } from './types.ts';
import { markSensitive, secretValues } from './sensitive.ts';
import { literal } from '../template/index.ts';
import { taskArgs, type VarLocator } from './task-args.ts';
import { planTask, type QueryRequest, type TaskEnv } from './plan-task.ts';
import { evaluateWhen } from '../config/when.ts';
import type { QueryOutput } from './task-result.ts';

export type { QueryRequest } from './plan-task.ts';
export type { QueryOutput } from './task-result.ts';

export interface HandlerRun {
  name: string;
  module: string;
  /** Each run by `sh -c` on the host, in order. */
  commands: ShellText[];
}

/** Everything one host will do, decided before anything is done. Plain data. */
export interface HostPlan {
  tasks: TaskResult[];
  /** Changes to apply, in task order (reloads done by handlers are not among them). */
  changes: Change[];
  handlers: HandlerRun[];
  /** Notified handlers whose `when` is false, each with that reason (they run nothing). */
  handlersSkipped?: string[];
  verify: BondVerifySpec[];
  changed: number;
  /** Each planned task's args after templating, for `-vv` (not part of any report). */
  args: Array<{ task: string; module: string; args: Record<string, unknown> }>;
}

export interface PlanScope {
  play: Play;
  host: Host;
  bonds: Bond[];
  backend: Backend | undefined;
  tags: string[];
  skipTags: string[];
  /** Ansible's magic vars for this host (inventory_hostname, groups, hostvars, playbook_dir…). */
  magic?: Record<string, unknown>;
  /** Where each inventory var is written, to place an error inside its own `{{ }}`. */
  varAt?: VarLocator;
  /**
   * The -e vars. Already the top layer of host.vars; given again because they beat play vars
   * too (Ansible's extra vars beat everything), which host.vars sits below.
   */
  extra?: Record<string, unknown>;
  /**
   * Secret values templates reached through `hostvars` (another host's secret vars): a live list
   * the inventory fills while rendering (see inventory/hostvars-secrets.ts), shared by the fleet.
   */
  reachedSecrets?: readonly string[];
}

/** This host's secret values: its own, then what any template reached through hostvars so far. */
export function scopeSecrets(scope: Pick<PlanScope, 'reachedSecrets'>, own: readonly string[]): () => readonly string[] {
  return () => (scope.reachedSecrets?.length ? [...own, ...scope.reachedSecrets] : own);
}

/** A host's own vars, lowest first: host vars, play vars, -e vars. */
export function ownVars(scope: Pick<PlanScope, 'host' | 'play' | 'extra'>): Record<string, unknown> {
  return { ...scope.host.vars, ...scope.play.vars, ...scope.extra };
}

/**
 * The vars templates and `when` see: host vars, play vars over them, -e vars over both, magic vars over all (Ansible
 * does not let a var shadow them). Secrets are computed before the magic vars are added: `groups`
 * and `hostvars` span the fleet, and walking them per host would be quadratic.
 */
function planVars(scope: PlanScope, check: boolean): { vars: Record<string, unknown>; secrets: () => readonly string[] } {
  const own = ownVars(scope);
  const vars = { ...own, ...scope.magic, ansible_check_mode: check };
  return { vars, secrets: scopeSecrets(scope, secretValues(own, vars)) };
}

function taskName(t: Task, i: number): string {
  return t.name ?? `${t.module} #${i + 1}`;
}

/** The --tags/--skip-tags rule; --list-tasks lists by it too, so it shows what a run would do. */
export function selected(t: Task, tags: string[], skip: string[]): boolean {
  if (skip.some((s) => t.tags.includes(s))) return false;
  return tags.length === 0 || t.tags.includes('always') || tags.some((s) => t.tags.includes(s));
}

/** The extra facts every task of the play wants, so the probe gathers them in the same exec. */
export function factRequest(scope: PlanScope): FactRequest {
  const req: FactRequest = { files: [], packages: [], kernelModules: [], paths: [] };
  const ctx = { host: scope.host, vars: planVars(scope, false).vars, bonds: scope.bonds, backend: scope.backend };
  for (const t of [...scope.play.tasks, ...scope.play.handlers]) {
    let w: ReturnType<NonNullable<(typeof TASK_MODULES)[string]['wants']>> = {};
    try {
      // The checked args, not just substituted ones: a `{{ pkg }}` that gives "--eval=…" must not
      // reach the fact probe either.
      w = TASK_MODULES[t.module]?.wants?.(taskArgs(t, ctx.vars, [], scope.varAt), ctx) ?? {};
    } catch {
      // A bad var or value: planHost reports it, with its position, when it plans this task.
    }
    req.files.push(...(w.files ?? []));
    req.packages.push(...(w.packages ?? []));
    req.kernelModules.push(...(w.kernelModules ?? []));
    req.paths.push(...(w.paths ?? []));
  }
  return req;
}

/**
 * Pure: facts + declaration → what to do. Tasks are planned in order; a task whose `when` is
 * false or whose tags are not selected is skipped with that reason. A task that throws while
 * planning fails the host (the plan is not applied half-way), unless it has `ignore_errors`.
 * A registered read-only query (docs/playbook.md#register-loop-and-error-handling) is the one
 * thing the host is asked while planning: the generator yields it and is resumed with its output.
 */
export function* planHostSteps(scope: PlanScope, facts: HostFacts, extra: ExtraFacts, check: boolean): Generator<QueryRequest, HostPlan, QueryOutput> {
  const { vars: base, secrets } = planVars(scope, check);
  const ctx: ModuleContext = { host: scope.host, vars: base, facts, bonds: scope.bonds, backend: scope.backend, extra };
  const env: TaskEnv = { ctx, check, secrets, varAt: scope.varAt };
  const tasks: TaskResult[] = [];
  const planned: HostPlan['args'] = [];
  const notified = new Map<string, { reload: Set<string>; needsDown: Set<string>; bonds: Map<string, Bond> }>();
  // Registered results sit above host and play vars, below -e and the magic vars (Ansible's order).
  const registered: Record<string, unknown> = {};
  const varsNow = (): Record<string, unknown> => ({ ...ownVars(scope), ...registered, ...scope.extra, ...scope.magic, ansible_check_mode: check });
  for (const [i, t] of scope.play.tasks.entries()) {
    const name = taskName(t, i);
    if (!selected(t, scope.tags, scope.skipTags)) {
      tasks.push({ ...emptyPlan(name, t.module), status: 'skipped', skipped: 'not selected by --tags/--skip-tags' });
      continue;
    }
    const vars = varsNow();
    const { runs, reg } = yield* planTask(t, name, vars, { ...env, ctx: { ...ctx, vars } });
    if (t.register) registered[t.register] = literal(reg);
    for (const { result, plan, changed, args } of runs) {
      tasks.push(result);
      if (args) planned.push({ task: result.task, module: t.module, args });
      if (!changed) continue;
      for (const h of t.notify) {
        const n = notified.get(h) ?? { reload: new Set<string>(), needsDown: new Set<string>(), bonds: new Map<string, Bond>() };
        plan.verify.forEach((v) => n.bonds.set(v.bond.name, v.bond));
        plan.reload.forEach((b) => n.reload.add(b));
        plan.reloadNeedsDown.forEach((b) => n.needsDown.add(b));
        notified.set(h, n);
      }
    }
  }
  const vars = varsNow();

  // After every task rendered: values reached through hostvars are known by now.
  for (const t of tasks) markSensitive(t.changes, [...secrets()]);

  const handlers: HandlerRun[] = [];
  const handlersSkipped: string[] = [];
  for (const h of scope.play.handlers) {
    const name = h.name ?? h.module;
    const n = notified.get(name);
    if (!n) continue;
    // As Ansible: a handler's `when` is evaluated when it would run, after every task.
    if (!handlerWhen(h, name, { ...vars, facts })) {
      handlersSkipped.push(`handler ${name}: skipped, when: ${JSON.stringify(h.when)} is false`);
      continue;
    }
    const hm = HANDLER_MODULES[h.module];
    const commands = hm
      ? hm.commands({ args: h.args, ctx, reload: [...n.reload], needsDown: [...n.needsDown], bonds: [...n.bonds.values()] })
      : h.module === 'command'
        ? [shJoin(commandArgv(taskArgs(h, vars, secrets, scope.varAt)))]
        : h.module === 'shell'
          ? [shellCmd(taskArgs(h, vars, secrets, scope.varAt))]
          : [];
    if (commands.length > 0) handlers.push({ name, module: h.module, commands });
  }
  // `changed_when: false` changes what is reported, not what runs: its task is `ok` yet its changes apply.
  const changes = tasks.flatMap((t) => (t.status === 'changed' || t.status === 'ok' ? t.changes : [])).filter((c) => c.kind !== 'command' || !c.viaHandler);
  return {
    tasks,
    changes,
    handlers,
    ...(handlersSkipped.length ? { handlersSkipped } : {}),
    verify: tasks.flatMap((t) => t.verify),
    changed: tasks.filter((t) => t.status === 'changed').length,
    args: planned,
  };
}

function handlerWhen(h: Task, name: string, vars: Record<string, unknown>): boolean {
  try {
    return evaluateWhen(h.when, vars);
  } catch (e) {
    throw new Error(`handler ${name}: when: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A plan with no query to run, or with `answer` standing in for the host (tests, golden cases). */
export function planHost(scope: PlanScope, facts: HostFacts, extra: ExtraFacts, check: boolean, answer?: (q: QueryRequest) => QueryOutput): HostPlan {
  const steps = planHostSteps(scope, facts, extra, check);
  let step = steps.next();
  while (!step.done) {
    if (!answer) throw new Error(`task "${step.value.task}" is a query that must run on the host; planHost was given no way to run it`);
    step = steps.next(answer(step.value));
  }
  return step.value;
}
