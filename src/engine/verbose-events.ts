import type { Change } from '../core/change.ts';
import type { RunListener, TaskTrace } from '../core/events.ts';
import { MASK, redactDeep } from '../core/secrets.ts';
import type { HostPlan } from './plan-host.ts';
import type { TaskResult } from './types.ts';

const bytes = (s: string | null): string => (s === null ? 'absent' : `${Buffer.byteLength(s)} bytes`);

/** What `-v` says about one change: never a file's content, only its size and attributes. */
function changeDetail(c: Change): TaskTrace['changes'][number] {
  switch (c.kind) {
    case 'file': {
      const attrs = [c.mode && `mode ${c.mode}`, c.owner && `owner ${c.owner}`, c.group && `group ${c.group}`, c.sensitive && 'content hidden: sensitive'].filter(Boolean);
      const action = c.after === null ? 'remove' : c.before === null ? 'create' : 'update';
      return { kind: 'file', target: c.target, reason: c.reason, detail: `${action}: ${bytes(c.before)} → ${bytes(c.after)}${attrs.length ? `, ${attrs.join(', ')}` : ''}` };
    }
    case 'package':
      return { kind: 'package', target: c.target, reason: c.reason, detail: `${c.before} → ${c.after} (${c.manager})` };
    case 'module':
      return { kind: 'module', target: c.target, reason: c.reason, detail: `${c.before} → ${c.after}${c.persist ? ', at boot too' : ''}` };
    case 'command':
      return { kind: 'command', target: c.sensitive ? MASK : c.target, reason: c.reason, ...(c.viaHandler ? { detail: `via handler ${c.viaHandler}` } : {}) };
  }
}

export function taskTrace(t: TaskResult): TaskTrace {
  const reason = t.skipped ?? t.noop;
  return {
    task: t.task, module: t.module, status: t.status,
    ...(reason ? { reason } : {}), ...(t.error ? { error: t.error } : {}),
    changes: t.changes.map(changeDetail),
  };
}

/** `-vv`: every planned task's templated args, secret values hidden. */
export function emitTaskArgs(emit: RunListener, host: string, plan: HostPlan, secrets: string[]): void {
  for (const a of plan.args) emit({ kind: 'task-args', host, task: a.task, module: a.module, args: redactDeep(a.args, secrets) });
}
