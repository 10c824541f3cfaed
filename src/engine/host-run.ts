import type { HostPhase } from '../core/events.ts';
import { redactDeep } from '../core/secrets.ts';
import type { HostStatus } from '../core/status.ts';
import { gatherFactsWithExtras } from '../facts/gather-extras.ts';
import { splitProbeOutput } from '../facts/sections.ts';
import type { HostFacts } from '../facts/types.ts';
import { checkPreconditions } from '../modules/preconditions.ts';
import type { ExtraFacts } from '../modules/types.ts';
import { TransportError, type Connection } from '../transport/types.ts';
import { applyHost } from './apply-host.ts';
import { factRequest, ownVars, planHostSteps, scopeSecrets, type HostPlan, type PlanScope } from './plan-host.ts';
import { secretValues } from './sensitive.ts';
import { emitTaskArgs, taskTrace } from './verbose-events.ts';
import type { Connector, HostResult, PreconditionResult, RunOptions } from './types.ts';


/** Statuses reported for a connection that never got as far as running anything. */
function unreachable(result: HostResult, err: unknown): HostResult {
  result.status = 'unreachable';
  result.errorKind = err instanceof TransportError ? err.kind : 'unreachable';
  result.message = err instanceof Error ? err.message : String(err);
  return result;
}

/** A query that hangs must not hold the host forever. */
const QUERY_TIMEOUT_MS = 300_000;

/** Plans the host, running the read-only queries the plan asks for over `conn`, one exec each. */
async function planOnHost(conn: Connection, scope: PlanScope, gathered: { facts: HostFacts; extra: ExtraFacts }, check: boolean): Promise<HostPlan> {
  const steps = planHostSteps(scope, gathered.facts, gathered.extra, check);
  let step = steps.next();
  while (!step.done) {
    let r;
    try {
      r = await conn.exec(step.value.command, { become: true, timeoutMs: QUERY_TIMEOUT_MS });
    } catch (err) {
      // A query that hangs is the task's failure, not an unreachable host.
      if (err instanceof TransportError && err.kind === 'timeout') throw new Error(`task "${step.value.task}": the query did not finish within ${QUERY_TIMEOUT_MS / 1000} s`);
      throw err;
    }
    // Killed by a signal: sh's convention, 128 + the signal's number is not known here; -1 as Ansible does.
    step = steps.next({ rc: r.signal ? -1 : r.exitCode, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs });
  }
  return step.value;
}

/**
 * One host from connect to verdict. Never throws: every failure becomes the host's status, so
 * one bad host never stops the others. The connection is closed whatever happens.
 */
export async function runHost(scope: PlanScope, opts: RunOptions, connect: Connector): Promise<HostResult> {
  const started = Date.now();
  const host = scope.host.name;
  const result: HostResult = { host, status: 'ok', preconditions: [], tasks: [], handlers: [], notes: [], timings: {}, durationMs: 0, changed: 0 };
  if (scope.backend) result.backend = scope.backend;
  const emit = opts.listener ?? (() => {});
  // A become password from -K is no var; an error quoting it must hide it all the same.
  const password = scope.host.connection.becomePassword?.reveal();
  const own = secretValues(ownVars(scope));
  const secrets = scopeSecrets(scope, password ? [...own, password] : own);
  emit({ kind: 'host-start', host });
  let phaseStart = Date.now();
  const phase = (p: HostPhase, detail?: string): void => {
    phaseStart = Date.now();
    emit({ kind: 'host-phase', host, phase: p, ...(detail ? { detail } : {}) });
  };
  const endPhase = (p: HostPhase): void => {
    result.timings[p] = Date.now() - phaseStart;
  };
  const finish = (status: HostStatus, message?: string): HostResult => {
    result.status = status;
    if (message) result.message = message;
    result.durationMs = Date.now() - started;
    // Errors, evidence and notes may quote a secret var's value (a command's stderr, a template
    // error): the result is what every reporter prints, so it leaves the engine redacted.
    const hidden = secrets();
    const safe = redactDeep(result, hidden);
    // Traced from the unredacted tasks (sizes are those of the real content), then redacted.
    for (const t of result.tasks) emit({ kind: 'task-result', host, task: redactDeep(taskTrace(t), hidden) });
    emit({ kind: 'host-done', host, status: safe.status, changed: safe.changed, ...(safe.message ? { message: safe.message } : {}) });
    return safe;
  };

  let conn: Connection | undefined;
  try {
    phase('connect');
    try {
      conn = await connect(scope.host);
    } catch (err) {
      unreachable(result, err);
      return finish('unreachable');
    }
    endPhase('connect');

    phase('facts');
    // Not tied to opts.signal: Ctrl-C stops new hosts, a started host runs to a clean end.
    const gathered = await gatherFactsWithExtras(conn, factRequest(scope));
    endPhase('facts');
    for (const w of gathered.warnings) emit({ kind: 'host-warning', host, message: w });
    // No version line: the probe never ran (sudo refused the password, no sh): there are no facts
    // to plan from, and planning from empty ones would report every file as missing.
    if (splitProbeOutput(gathered.raw).version === null) return finish('failed', `no facts: ${gathered.warnings[0] ?? 'the fact probe printed nothing'}`);
    if (opts.keepFacts) result.facts = gathered.facts;
    const backend = scope.backend ?? (gathered.facts.backend.detected === 'unknown' ? undefined : gathered.facts.backend.detected);
    if (backend) result.backend = backend;

    phase('preconditions');
    const usesBond = scope.play.tasks.some((t) => t.module === 'bond');
    if (usesBond && scope.bonds.length > 0 && backend) {
      const mayInstall = scope.play.tasks.some((t) => t.module === 'bond' && t.args.install_packages !== false);
      result.preconditions = checkPreconditions({ facts: gathered.facts, bonds: scope.bonds, backend, mayInstallPackages: mayInstall }) as PreconditionResult[];
    }
    endPhase('preconditions');
    const failed = result.preconditions.filter((p) => p.verdict === 'fail');
    const preMsg = `${failed.length} precondition${failed.length === 1 ? '' : 's'} failed: ${failed.map((p) => p.id).join(', ')}`;
    // In check mode the plan is still shown, so a reviewer sees what the fix would lead to.
    if (failed.length > 0 && !opts.check) return finish('failed', preMsg);

    phase('plan');
    const plan = await planOnHost(conn, { ...scope, backend }, gathered, opts.check);
    endPhase('plan');
    emitTaskArgs(emit, host, plan, [...secrets()]);
    result.tasks = plan.tasks;
    result.changed = plan.changed;
    result.handlers = plan.handlers.map((h) => h.name);
    for (const t of plan.tasks) for (const n of t.notes) result.notes.push(`${t.task}: ${n.message}`);
    if (plan.handlersSkipped) {
      result.handlersSkipped = plan.handlersSkipped;
      result.notes.push(...plan.handlersSkipped);
    }
    if (failed.length > 0) return finish('failed', preMsg);

    if (opts.check) return finish(plan.changed > 0 ? 'changed' : 'ok');
    if (plan.changes.length === 0 && plan.handlers.length === 0) return finish(plan.changed > 0 ? 'changed' : 'ok');

    const applied = await applyHost({ scope: { ...scope, backend }, facts: gathered.facts, plan, opts, conn, connect, result, phase, endPhase });
    // A run whose only changes were `changed_when: false` commands changed nothing that counts.
    return finish(applied.status === 'changed' && plan.changed === 0 ? 'ok' : applied.status, applied.message);
  } catch (err) {
    if (err instanceof TransportError && (err.kind === 'unreachable' || err.kind === 'timeout')) {
      unreachable(result, err);
      return finish('unreachable');
    }
    return finish('failed', err instanceof Error ? err.message : String(err));
  } finally {
    await conn?.close().catch(() => {});
  }
}
