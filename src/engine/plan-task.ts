/**
 * One task of a play, planned for one host: its loop expanded, `when` evaluated per item, the
 * module planned (or, for a read-only query, run: the one thing planning asks the host), then
 * `failed_when`/`changed_when`/`ignore_errors` applied and the result registered. A generator:
 * it yields a QueryRequest and is resumed with the QueryOutput, so planning stays pure and the
 * engine's caller does the I/O (docs/playbook.md#register-loop-and-error-handling).
 */
import { isQueryTask } from '../config/task-keywords.ts';
import type { Task } from '../config/playbook.ts';
import { evaluateWhen } from '../config/when.ts';
import { ConfigError, formatProblem } from '../core/errors.ts';
import { shJoin, shq, type ShellText } from '../core/quote.ts';
import { commandArgv, shellCmd } from '../modules/command.ts';
import { TASK_MODULES } from '../modules/registry.ts';
import { emptyPlan, type ModuleContext, type TaskPlan } from '../modules/types.ts';
import { literal, pythonStr, renderValue, scopeOf, TemplateError } from '../template/index.ts';
import { commandResult, failedResult, loopResult, noopCommandResult, planResult, skippedResult, type QueryOutput, type Registered } from './task-result.ts';
import { taskArgs, type VarLocator } from './task-args.ts';
import type { TaskResult } from './types.ts';

/** A read-only command the planner needs run on the host before it can go on. */
export interface QueryRequest {
  task: string;
  /** Run by the login shell through sudo where the connection escalates, stdin from /dev/null. */
  command: ShellText;
}

export interface PlannedTask {
  result: TaskResult;
  plan: TaskPlan;
  /** Counts as changed (handlers are notified). */
  changed: boolean;
  args?: Record<string, unknown>;
}

export interface TaskEnv {
  ctx: ModuleContext;
  check: boolean;
  /** Grows while planning: values reached through hostvars are added as templates read them. */
  secrets: () => readonly string[];
  varAt: VarLocator | undefined;
}

type Steps<T> = Generator<QueryRequest, T, QueryOutput>;

/** Errors that fail the host (and name the task); with ignore_errors they are recorded instead. */
class TaskFailure extends Error {}

function message(e: unknown): string {
  // One line per problem, controls escaped: an ignored error's text reaches every report.
  if (e instanceof ConfigError) return e.problems.map(formatProblem).join('; ');
  return e instanceof Error ? e.message : String(e);
}

function conditionHolds(expr: Task['failed_when'], vars: Record<string, unknown>, key: string): boolean {
  try {
    return evaluateWhen(expr, vars);
  } catch (e) {
    throw new TaskFailure(`${key}: ${message(e)}`);
  }
}

/** The loop's items for this host: a literal list, or its one `{{ expression }}` rendered. */
function loopItems(t: Task, vars: Record<string, unknown>): unknown[] {
  const scope = scopeOf(vars);
  // Ansible templates a literal list too, item by item, at any depth.
  const deep = (x: unknown): unknown =>
    typeof x === 'string' ? renderValue(x, scope) : Array.isArray(x) ? x.map(deep) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, deep(y)])) : x;
  let v: unknown;
  try {
    v = Array.isArray(t.loop) ? t.loop.map(deep) : renderValue(t.loop!, scope);
  } catch (e) {
    if (e instanceof TemplateError) throw new TaskFailure(`loop ${JSON.stringify(t.loop)}: ${e.message}`);
    throw e;
  }
  if (!Array.isArray(v)) throw new TaskFailure(`loop ${JSON.stringify(t.loop)}: Invalid data passed to 'loop', it requires a list, got this instead: ${pythonStr(v as never)}`);
  return v;
}

function label(t: Task, vars: Record<string, unknown>, item: unknown): string {
  let shown: unknown = item;
  if (t.label !== undefined) {
    try {
      shown = renderValue(t.label, scopeOf(vars));
    } catch {
      shown = t.label;
    }
  }
  const s = typeof shown === 'string' ? shown : pythonStr(shown as never);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The query's command and what `cmd` registers as (argv for command, text for shell). */
function queryCommand(t: Task, args: Record<string, unknown>): { command: ShellText; cmd: string | string[] } {
  if (t.module === 'command') {
    const argv = commandArgv(args);
    return { command: `${shJoin(argv)} </dev/null`, cmd: argv };
  }
  const text = shellCmd(args);
  return { command: `sh -c ${shq(text)} </dev/null`, cmd: String(text) };
}

function* runQuery(t: Task, name: string, args: Record<string, unknown>, env: TaskEnv): Steps<Registered> {
  const q = queryCommand(t, args);
  const command: ShellText = q.command;
  const cmd = q.cmd;
  const paths = env.ctx.extra.paths;
  if (typeof args.creates === 'string' && paths[args.creates]) return noopCommandResult(cmd, `${args.creates} exists`);
  if (typeof args.removes === 'string' && !paths[args.removes]) return noopCommandResult(cmd, `${args.removes} does not exist`);
  const out = yield { task: name, command };
  return commandResult(cmd, out);
}

/** One run of the task (one loop item, or the task itself): what it plans and registers. */
function* planOnce(t: Task, name: string, vars: Record<string, unknown>, env: TaskEnv): Steps<{ planned: PlannedTask; reg: Registered }> {
  const withFacts = { ...vars, facts: env.ctx.facts };
  const skip = (why: string, reg: Registered): { planned: PlannedTask; reg: Registered } => {
    const plan = emptyPlan(name, t.module);
    return { planned: { result: { ...plan, status: 'skipped', skipped: why }, plan, changed: false }, reg };
  };
  let holds: boolean;
  try {
    holds = evaluateWhen(t.when, withFacts);
  } catch (e) {
    throw new TaskFailure(message(e));
  }
  if (!holds) return skip(`when: ${JSON.stringify(t.when)} is false`, skippedResult('Conditional result was False'));
  const mod = TASK_MODULES[t.module];
  if (!mod) throw new TaskFailure(`module ${t.module} cannot run as a task`);
  const args = taskArgs(t, vars, env.secrets, env.varAt);
  const register = (reg: Registered) => (t.register ? { ...withFacts, [t.register]: literal(reg) } : withFacts);

  if (isQueryTask(t)) {
    if (env.check && t.check_mode !== false) {
      const why = 'a query command runs in check mode only with check_mode: false';
      return skip(why, skippedResult(why, { msg: 'Command would have run if not in check mode' }));
    }
    const reg = yield* runQuery(t, name, args, env);
    if (t.failed_when !== undefined) reg.failed = conditionHolds(t.failed_when, register(reg), 'failed_when');
    const plan = emptyPlan(name, t.module);
    plan.noop = typeof reg.rc === 'number' ? `ran while planning (read-only query): rc ${reg.rc}` : String(reg.msg);
    const result: TaskResult = { ...plan, status: reg.failed ? 'failed' : 'ok' };
    if (reg.failed) result.error = `${t.module} query failed: rc ${reg.rc}${reg.stderr ? `: ${String(reg.stderr).split('\n').slice(-3).join(' | ')}` : ''}`;
    return { planned: { result, plan, changed: false, args }, reg };
  }

  const plan = mod.plan({ task: name, args, ctx: env.ctx, check: env.check || t.check_mode === true });
  let changed = plan.changes.length > 0;
  if (t.changed_when !== undefined && !plan.skipped) changed = conditionHolds(t.changed_when, register(planResult(plan, changed)), 'changed_when');
  const reg = planResult(plan, changed);
  if (t.failed_when !== undefined && !plan.skipped) reg.failed = conditionHolds(t.failed_when, register(reg), 'failed_when');
  const status = plan.skipped ? 'skipped' : reg.failed ? 'failed' : changed ? 'changed' : 'ok';
  const result: TaskResult = { ...plan, status };
  if (reg.failed) result.error = 'failed_when is true';
  // An apply-step command whose failure must not fail the host: the apply script goes on past it.
  const onError = t.failed_when === false ? 'succeed' : t.ignore_errors ? 'ignore' : undefined;
  if (onError) for (const c of plan.changes) if (c.kind === 'command') c.onError = onError;
  return { planned: { result, plan, changed, args }, reg };
}

/** Runs planOnce, turning a failure into a failed result when ignore_errors says so. */
function* attempt(t: Task, name: string, vars: Record<string, unknown>, env: TaskEnv): Steps<{ planned: PlannedTask; reg: Registered }> {
  let out: { planned: PlannedTask; reg: Registered };
  try {
    out = yield* planOnce(t, name, vars, env);
  } catch (e) {
    if (!(e instanceof TaskFailure || e instanceof ConfigError)) throw e;
    // A positioned problem keeps its positions for the report; the rest is named by its task.
    if (!t.ignore_errors) throw e instanceof ConfigError ? e : new Error(`task "${name}": ${e.message}`);
    const msg = message(e);
    const plan = emptyPlan(name, t.module);
    return { planned: { result: { ...plan, status: 'failed', error: msg, ignored: true }, plan, changed: false }, reg: failedResult(msg) };
  }
  if (out.planned.result.status !== 'failed') return out;
  if (!t.ignore_errors) throw new Error(`task "${name}": ${out.planned.result.error}`);
  out.planned.result.ignored = true;
  // A failed task's changes are not applied, ignored or not (it failed before anything ran).
  out.planned.plan.changes = [];
  out.planned.result.changes = [];
  out.planned.result.verify = [];
  out.planned.changed = false;
  return out;
}

/** Every run of one task (one per loop item), and what it registers. */
export function* planTask(t: Task, name: string, vars: Record<string, unknown>, env: TaskEnv): Steps<{ runs: PlannedTask[]; reg: Registered }> {
  if (t.loop === undefined) {
    const { planned, reg } = yield* attempt(t, name, vars, env);
    return { runs: [planned], reg };
  }
  let items: unknown[];
  try {
    items = loopItems(t, { ...vars, facts: env.ctx.facts });
  } catch (e) {
    const msg = message(e);
    if (!t.ignore_errors) throw new Error(`task "${name}": ${msg}`);
    const plan = emptyPlan(name, t.module);
    return { runs: [{ result: { ...plan, status: 'failed', error: msg, ignored: true }, plan, changed: false }], reg: failedResult(msg) };
  }
  const loopVar = t.loopVar ?? 'item';
  const runs: PlannedTask[] = [];
  const regs: Registered[] = [];
  if (items.length === 0) {
    const plan = emptyPlan(name, t.module);
    runs.push({ result: { ...plan, status: 'skipped', skipped: 'no items in the loop' }, plan, changed: false });
  }
  for (const [i, item] of items.entries()) {
    const loopVars: Record<string, unknown> = { [loopVar]: item, ansible_loop_var: loopVar, ...(t.indexVar ? { [t.indexVar]: i, ansible_index_var: t.indexVar } : {}) };
    const v = { ...vars, ...loopVars };
    const { planned, reg } = yield* attempt(t, `${name} (item=${label(t, v, item)})`, v, env);
    runs.push(planned);
    regs.push({ ...reg, ...loopVars });
  }
  return { runs, reg: loopResult(regs) };
}
