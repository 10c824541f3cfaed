import type { HostPhase } from '../core/events.ts';
import type { ShellText } from '../core/quote.ts';
import type { HostStatus } from '../core/status.ts';
import type { HostFacts } from '../facts/types.ts';
import { liveBond } from '../modules/live-bond.ts';
import { HANDLER_MODULES } from '../modules/registry.ts';
import { TransportError, type Connection } from '../transport/types.ts';
import { buildApplyScript, buildConfirmScript, buildRestoreScript, buildStatusScript, parseApplyOutput, summarizeApply } from './apply/index.ts';
import type { HostPlan, PlanScope } from './plan-host.ts';
import { DEFAULT_CONFIRM_TIMEOUT_SEC, type Connector, type HostResult, type RunOptions, type VerifyResult } from './types.ts';
import { pollVerify } from './verify-poll.ts';
import { movedManagementAddress } from './reconnect.ts';
import { lostDuringApply } from './apply-lost.ts';
import { onHostState } from './run-state.ts';
import { restoreSlaveAddresses } from './rollback-addresses.ts';

interface ApplyCtx {
  scope: PlanScope;
  /** When the apply script returned (or its session died): the on-host timer runs from about then. */
  appliedAt?: number;
  /** Facts gathered before the apply: the state a rollback must bring back. */
  facts: HostFacts;
  plan: HostPlan;
  opts: RunOptions;
  conn: Connection;
  connect: Connector;
  result: HostResult;
  phase: (p: HostPhase, detail?: string) => void;
  endPhase: (p: HostPhase) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** --confirm-timeout wins; else the largest `confirm_timeout` a bond task asks for; else 120 s. */
function confirmTimeout(c: ApplyCtx): number {
  if (c.opts.confirmTimeoutSec !== undefined) return c.opts.confirmTimeoutSec;
  const asked = c.scope.play.tasks.filter((t) => t.module === 'bond' && typeof t.args.confirm_timeout === 'number').map((t) => t.args.confirm_timeout as number);
  return asked.length ? Math.max(...asked) : DEFAULT_CONFIRM_TIMEOUT_SEC;
}

/** Commands that put the old network state back after restore.sh restored the old files. */
function rollbackCommands(plan: HostPlan, scope: PlanScope): ShellText[] {
  const cmds: ShellText[] = [];
  for (const h of scope.play.handlers) {
    const mod = HANDLER_MODULES[h.module];
    if (!mod?.rollbackCommands) continue;
    const reload = plan.verify.map((v) => v.bond.name);
    cmds.push(...mod.rollbackCommands({ bonds: plan.verify.map((v) => v.bond).filter((b) => reload.includes(b.name)), backend: scope.backend }));
  }
  return cmds;
}

/**
 * Apply, then commit-confirmed: the apply script arms an on-host rollback timer before any
 * handler touches the network; only a verification over a NEW connection disarms it.
 */
export async function applyHost(c: ApplyCtx): Promise<{ status: HostStatus; message?: string }> {
  const { plan, opts, result, scope } = c;
  const guardsNetwork = plan.handlers.some((h) => HANDLER_MODULES[h.module]?.guardsNetwork);
  // After the backend's own rollback: slaves' pre-apply addresses that no restored file gives back.
  const rollbackHandlers = [...rollbackCommands(plan, scope), ...restoreSlaveAddresses(plan.verify.map((v) => v.bond), c.facts)];
  c.phase('apply');
  const script = buildApplyScript({
    runId: opts.runId,
    changes: plan.changes,
    handlers: plan.handlers.map((h) => ({ name: h.name, commands: h.commands })),
    ...(guardsNetwork ? { confirm: { timeoutSec: confirmTimeout(c), rollbackHandlers } } : {}),
  });
  let exec;
  try {
    exec = await c.conn.exec('sh -s', { script, become: true });
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    if (!guardsNetwork) {
      c.endPhase('apply');
      return lostDuringApply(scope.host, opts.runId, c.connect, err);
    }
    // The session died mid-apply: the armed timer will restore the host unless we can confirm.
    exec = undefined;
  }
  c.endPhase('apply');
  c.appliedAt = Date.now();
  const events = exec ? parseApplyOutput(exec.stdout) : [];
  const summary = exec ? summarizeApply(events) : undefined;
  const pending = events.find((e) => e.event === 'pending-run');
  if (pending) return { status: 'failed', message: `run ${pending.fields[0]} is armed on this host and awaits confirmation: confirm it, roll it back (tsprov rollback --run ${pending.fields[0]}), or let its timer fire; nothing was changed` };
  if (summary?.lockBusy) return { status: 'failed', message: `host is locked by tsprov run ${summary.lockBusy.holderRun} (pid ${summary.lockBusy.holderPid})` };
  if (exec && (exec.exitCode !== 0 || !summary?.done)) {
    const f = summary?.failed;
    const detail = f ? `${f.phase} ${f.step} (rc ${f.rc})` : `exit ${exec.exitCode}: ${exec.stderr.trim().split('\n').slice(-2).join(' | ')}`;
    return { status: 'failed', message: `apply failed at ${detail}${summary?.restored ? '; files restored from backup' : ''}` };
  }
  if (summary) markLetPass(plan, summary.commandsLetPass, result);
  if (!guardsNetwork || plan.verify.length === 0) return { status: 'changed' };

  // Commit-confirmed: verify over a fresh connection, which proves the management path survived
  // (at the new address if the change moves it: the host must prove the key it showed before).
  c.phase('verify');
  const moved = movedManagementAddress(scope.host, c.facts, scope.bonds);
  if (moved) result.notes.push(`verifying over the new management address ${moved.address} (${moved.why}); point the inventory's address there`);
  let fresh: Connection | undefined;
  try {
    const to = moved ? { address: moved.address, ...(c.conn.hostKey ? { pinnedHostKey: c.conn.hostKey } : {}) } : undefined;
    fresh = await reconnect(c, to, Date.now() + reconnectWindowMs(c));
  } catch (err) {
    c.endPhase('verify');
    if (moved) result.notes.push(`cannot reach ${moved.address}: ${(err as Error).message}`);
    return lostConnectivity(c);
  }
  try {
    const verify = await pollVerify(fresh, plan.verify, opts.verifyTimeoutMs);
    result.verify = verify;
    c.endPhase('verify');
    if (verify.ok) {
      c.phase('confirm');
      const conf = await fresh.exec('sh -s', { script: buildConfirmScript(opts.runId), become: true });
      c.endPhase('confirm');
      if (conf.exitCode === 0) return { status: 'changed' };
      return { status: 'rolled-back', message: `confirmation came too late: the on-host timer already rolled back (${conf.stdout.trim()})` };
    }
    if (!opts.rollback) return { status: 'failed', message: `verification failed; left as is (--no-rollback), run ${opts.runId} stays armed until its timer fires` };
    c.phase('rollback');
    const handlers = [{ name: 'rollback', commands: rollbackHandlers }];
    const restore = fresh.exec('sh -s', { script: buildRestoreScript(opts.runId, handlers), become: true });
    if (moved) return await rollBackMoved(c, restore, verify);
    const rb = await restore;
    result.verifyAfterRollback = await verifyPrevious(fresh, c);
    c.endPhase('rollback');
    // The session can outlive a lockout (TCP retransmits until the timer restores the old
    // network), or the timer is shorter than apply + verify: either way the timer, not a bad
    // bond, took the new config away before verification could pass.
    const timer = /^@@tsprov@@ timer-rolled-back ?(.*)$/m.exec(rb.stdout);
    if (timer) {
      const why = 'the connection stalled past --confirm-timeout, or the timer is shorter than apply and verify';
      return { status: 'rolled-back', message: `rolled back by the on-host timer before verification completed (${why}; on-host state: rolled-back ${timer[1]!.trim()})` };
    }
    return { status: 'failed', message: `verification failed (${failedChecks(verify)}); rolled back${rb.exitCode === 0 ? '' : ` (restore exit ${rb.exitCode})`}` };
  } finally {
    await fresh.close().catch(() => {});
  }
}

/** An `ignore_errors` command that failed shows as its task failed-but-ignored; `failed_when: false` as a note on its task. */
function markLetPass(plan: HostPlan, let_: Array<{ index: number; rc: number; ignored: boolean }>, result: HostResult): void {
  for (const { index, rc, ignored } of let_) {
    const change = plan.changes[index];
    const task = plan.tasks.find((t) => change && t.changes.includes(change));
    if (!task) continue;
    if (ignored) Object.assign(task, { status: 'failed', ignored: true, error: `command exited ${rc} (ignored: ignore_errors)` });
    else task.notes.push({ level: 'info', message: `command exited ${rc}; taken as success (failed_when: false)` });
  }
  result.changed = plan.tasks.filter((t) => t.status === 'changed').length;
}

/**
 * A rollback over the new address takes that address away mid-session: the restore may never
 * report, so its outcome is read (and the old bonds verified) over the old address.
 */
async function rollBackMoved(c: ApplyCtx, restore: Promise<unknown>, verify: VerifyResult): Promise<{ status: HostStatus; message?: string }> {
  await Promise.race([restore.catch(() => undefined), sleep(30_000)]);
  try {
    const old = await c.connect(c.scope.host);
    try {
      const st = await old.exec('sh -s', { script: buildStatusScript(c.opts.runId), become: true });
      c.result.verifyAfterRollback = await verifyPrevious(old, c);
      c.endPhase('rollback');
      return { status: 'failed', message: `verification failed (${failedChecks(verify)}); rolled back (on-host state: ${onHostState(st.stdout) ?? 'unknown'})` };
    } finally {
      await old.close().catch(() => {});
    }
  } catch {
    c.endPhase('rollback');
    return lostConnectivity(c);
  }
}

/**
 * How long to keep trying to reach the host after the apply: a handler that bounced the
 * management path (ifdown/ifup of the bond carrying SSH) needs seconds before it answers again.
 * Up to half the rollback timer, so verification and confirmation still fit before it fires.
 */
function reconnectWindowMs(c: ApplyCtx): number {
  return Math.min(60_000, (confirmTimeout(c) * 1000) / 2);
}

/** Connects (to `to` when the address moved), retrying every 2 s until the deadline. */
async function reconnect(c: ApplyCtx, to: { address: string; pinnedHostKey?: Uint8Array } | undefined, deadline: number): Promise<Connection> {
  for (;;) {
    try {
      return to ? await c.connect(c.scope.host, to) : await c.connect(c.scope.host);
    } catch (err) {
      // A refused host key or bad credentials will not get better by waiting.
      const kind = (err as { kind?: string }).kind;
      if (kind === 'host-key' || kind === 'auth' || Date.now() + 2000 > deadline) throw err;
      await sleep(2000);
    }
  }
}

const failedChecks = (v: VerifyResult): string =>
  v.checks.filter((k) => k.verdict === 'fail').map((k) => `${k.bond} ${k.what}: expected ${k.expected}, got ${k.actual}`).join('; ');

/** After a rollback, the bonds that were live before the run should be live again. */
async function verifyPrevious(conn: Connection, c: ApplyCtx): Promise<VerifyResult> {
  const before = c.facts.bonds;
  const specs = c.plan.verify.filter((v) => before[v.bond.name]).map((v) => ({ bond: liveBond(before[v.bond.name]!), allowDegraded: v.bond.slaves.length }));
  // The restored bond is reloaded by the rollback handlers: give its links time, as for apply.
  return pollVerify(conn, specs, c.opts.verifyTimeoutMs);
}

/** The controller lost the host: wait out the on-host timer, then see what it did. */
async function lostConnectivity(c: ApplyCtx): Promise<{ status: HostStatus; message?: string }> {
  const fires = (c.appliedAt ?? Date.now()) + (confirmTimeout(c) + 10) * 1000;
  c.phase('rollback', `waiting ${Math.max(0, Math.round((fires - Date.now()) / 1000))}s for the on-host timer`);
  await sleep(Math.max(0, fires - Date.now()));
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const conn = await c.connect(c.scope.host);
      try {
        const st = await conn.exec('sh -s', { script: buildStatusScript(c.opts.runId), become: true });
        c.endPhase('rollback');
        return { status: 'rolled-back', message: `rolled back: lost connectivity (on-host state: ${onHostState(st.stdout) ?? 'unknown'})` };
      } finally {
        await conn.close().catch(() => {});
      }
    } catch {
      await sleep(5000);
    }
  }
  c.endPhase('rollback');
  return { status: 'unreachable', message: 'lost connectivity and the host did not come back after its rollback timer' };
}
