/**
 * What `register:` stores, shaped as Ansible's task results are (so `r.changed`, `r is failed`,
 * `r.stdout_lines`, `r.results[0].item` read the same), and what a query command returned.
 */
import type { TaskPlan } from '../modules/types.ts';

/** What a read-only query command printed, as the transport returned it. */
export interface QueryOutput {
  rc: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export type Registered = Record<string, unknown>;

const lines = (s: string): string[] => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));

/** Ansible strips one trailing newline from a command's stdout and stderr. */
const chomp = (s: string): string => s.replace(/\r?\n$/, '');

function delta(ms: number): string {
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${(s % 60).toFixed(6).padStart(9, '0')}`;
}

/** A command or shell query's result: `cmd` is the argv for command, the text for shell (as Ansible). */
export function commandResult(cmd: string | string[], out: QueryOutput): Registered {
  const stdout = chomp(out.stdout);
  const stderr = chomp(out.stderr);
  return {
    changed: false,
    failed: out.rc !== 0,
    ...(out.rc !== 0 ? { msg: 'non-zero return code' } : {}),
    rc: out.rc,
    cmd,
    stdout,
    stderr,
    stdout_lines: lines(stdout),
    stderr_lines: lines(stderr),
    delta: delta(out.durationMs),
  };
}

/** A query skipped by creates/removes: Ansible's "skipped, since … exists" result, rc 0. */
export function noopCommandResult(cmd: string | string[], why: string): Registered {
  const msg = `skipped, since ${why}`;
  return { changed: false, failed: false, rc: 0, cmd, stdout: msg, stderr: '', stdout_lines: [msg], stderr_lines: [], msg };
}

/** A planned module task's result: what is known before anything is applied. */
export function planResult(plan: TaskPlan, changed: boolean): Registered {
  if (plan.skipped) return { changed: false, failed: false, skipped: true, skip_reason: plan.skipped };
  return { changed, failed: false, ...(plan.noop ? { msg: plan.noop } : {}) };
}

export function skippedResult(reason: string, extra: Registered = {}): Registered {
  return { changed: false, skipped: true, skip_reason: reason, ...extra };
}

export function failedResult(msg: string): Registered {
  return { changed: false, failed: true, msg };
}

/** A looped task registers every item's result under `results`, as Ansible does. */
export function loopResult(results: Registered[]): Registered {
  const changed = results.some((r) => r.changed === true);
  const failed = results.some((r) => r.failed === true);
  const skipped = results.length === 0 || results.every((r) => r.skipped === true);
  const out: Registered = { changed, results, ...(failed ? { failed: true, msg: 'One or more items failed' } : {}) };
  if (skipped) Object.assign(out, { skipped: true, ...(results.length === 0 ? { skipped_reason: 'No items in the list' } : { msg: 'All items skipped' }) });
  return out;
}
