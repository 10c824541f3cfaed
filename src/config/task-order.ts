/**
 * Load-time checks that span the tasks of a play, in the order they run (pre_tasks, tasks,
 * post_tasks): reads of a registered result that will not exist when the reader is planned, and
 * handler notifications whose timing differs from Ansible's flush points.
 */
import { expressionsOf, type Node } from '../template/index.ts';
import type { PathSeg, ProblemSink } from './source.ts';
import { attributeReads, COMMAND_OUTPUT_KEYS, isQueryTask, pendingMessage, type PendingOutput, type TaskKeywords } from './task-keywords.ts';
import { parseCondition } from './when.ts';

/** What these checks read of a parsed task (config/playbook.ts's Task, which imports this file). */
interface Task extends TaskKeywords {
  name?: string;
  module: string;
  args: Record<string, unknown>;
  notify: string[];
  when?: unknown;
  changed_when?: unknown;
  section?: 'pre_tasks' | 'tasks' | 'post_tasks';
  path?: PathSeg[];
}

const OUTPUT = new Set<string>(COMMAND_OUTPUT_KEYS);
const isCommand = (t: Task): boolean => t.module === 'command' || t.module === 'shell';

function conditionNodes(v: unknown): Node[] {
  const out: Node[] = [];
  for (const w of Array.isArray(v) ? v : [v]) {
    if (typeof w !== 'string') continue;
    try {
      out.push(parseCondition(w).node);
    } catch {
      // Refused already, at its position, by the task's own checks.
    }
  }
  return out;
}

function argNodes(v: unknown): Node[] {
  if (typeof v === 'string') return expressionsOf(v);
  if (Array.isArray(v)) return v.flatMap(argNodes);
  if (v && typeof v === 'object') return Object.values(v).flatMap(argNodes);
  return [];
}

function report(nodes: Node[], pending: Map<string, PendingOutput>, at: PathSeg[], sink: ProblemSink): void {
  for (const n of nodes) {
    for (const r of attributeReads(n)) {
      const p = pending.get(r.name);
      if (p && OUTPUT.has(r.key)) sink.add(at, pendingMessage(p, r.key));
    }
  }
}

/** Refuses a read of `reg.stdout` (and the other output keys) of a command that runs in the apply step. */
export function checkRegisterReads(tasks: Task[], sink: ProblemSink): void {
  const pending = new Map<string, PendingOutput>();
  for (const t of tasks) {
    const path = t.path ?? [];
    // when, loop and args are evaluated before the task runs: only earlier tasks' results count.
    report(conditionNodes(t.when), pending, [...path, 'when'], sink);
    if (typeof t.loop === 'string') report(expressionsOf(t.loop), pending, [...path, 'loop'], sink);
    report(argNodes(t.args), pending, [...path, t.module], sink);
    const applyStep = isCommand(t) && !isQueryTask(t);
    if (t.register !== undefined) {
      if (applyStep) pending.set(t.register, { register: t.register, task: t.name ?? t.module });
      else pending.delete(t.register);
    }
    if (applyStep && t.failed_when !== undefined && typeof t.failed_when !== 'boolean') {
      sink.add([...path, 'failed_when'], `failed_when on a ${t.module} task that runs in the apply step can only be true or false: tsprov cannot read its result while planning; make it a read-only query (register + changed_when: false), or use ignore_errors: true`);
    }
    // failed_when and changed_when are evaluated on the task's own result.
    report(conditionNodes(t.changed_when), pending, [...path, 'changed_when'], sink);
  }
}

const SECTIONS = ['pre_tasks', 'tasks', 'post_tasks'] as const;

/**
 * Ansible flushes handlers after pre_tasks, after tasks and after post_tasks; tsprov runs each
 * notified handler once, after every change of the host is applied. Warn where that differs.
 */
export function handlerFlushWarnings(tasks: Task[], sink: ProblemSink): void {
  const present = new Set<string>(tasks.map((t) => t.section ?? 'tasks'));
  for (const t of tasks) {
    if (t.notify.length === 0) continue;
    const sec = t.section ?? 'tasks';
    const later = SECTIONS.slice(SECTIONS.indexOf(sec) + 1).filter((s) => present.has(s));
    if (later.length === 0) continue;
    sink.warn([...(t.path ?? []), 'notify'], `Ansible runs handlers notified in ${sec} before ${later[0]}; tsprov runs every notified handler once, after the changes of all of ${SECTIONS.filter((s) => present.has(s)).join(', ')} are applied`);
  }
}
