/**
 * `register`, `loop`, `loop_control`, `ignore_errors`, `failed_when` and `changed_when` on a task:
 * checked when the playbook loads, so a typo or a construct tsprov cannot honour is a validate
 * error at its key, never a surprise on the fifth host. What they mean at run time is
 * docs/playbook.md#register-loop-and-error-handling; the planner (src/engine/plan-task.ts) does it.
 *
 * tsprov plans a host's whole change before applying any of it, so a task's result is known at
 * plan time except for a command that runs in the apply step. A registered `command`/`shell`
 * with `changed_when: false` is a read-only query: it runs while planning, and its rc/stdout
 * are there for later tasks. Any other command's output is not known when later tasks are
 * planned: reading it is refused here, at the reference.
 */
import type { Node } from '../template/index.ts';
import { isSoleExpression, walkNodes } from '../template/index.ts';
import type { PathSeg, ProblemSink } from './source.ts';
import { conditionProblem, parseCondition } from './when.ts';

type Obj = Record<string, unknown>;

/** Vars tsprov sets itself: a `register` or `loop_var` of that name would shadow them. */
const RESERVED = new Set([
  'facts', 'item', 'inventory_hostname', 'inventory_hostname_short', 'group_names', 'groups', 'hostvars', 'playbook_dir',
  'ansible_check_mode', 'ansible_loop_var', 'ansible_index_var', 'omit',
]);

/** Result keys a command has only once it ran. */
export const COMMAND_OUTPUT_KEYS = ['rc', 'stdout', 'stderr', 'stdout_lines', 'stderr_lines', 'cmd', 'delta', 'start', 'end'] as const;

export interface TaskKeywords {
  register?: string;
  /** A literal list, or one `{{ expression }}` rendered per host to a list. */
  loop?: unknown[] | string;
  loopVar?: string;
  indexVar?: string;
  /** Shown for each item instead of the item itself (`{{ item.name }}`). */
  label?: string;
  ignore_errors?: boolean;
  failed_when?: string | boolean | (string | boolean)[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function nameProblem(what: string, v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined; // the schema says what type it must be
  if (!IDENT.test(v)) return `${what} must be a variable name (letters, digits, _; not starting with a digit); got ${JSON.stringify(v)}`;
  if (RESERVED.has(v)) return `${what} ${JSON.stringify(v)} would hide the var tsprov sets under that name; choose another name`;
  return undefined;
}

/** Every condition of a `when`/`failed_when`/`changed_when` parsed, refusals at their position. */
export function checkConditions(raw: Obj, key: string, path: PathSeg[], sink: ProblemSink): void {
  const v = raw[key];
  for (const [i, w] of (Array.isArray(v) ? v : [v]).entries()) {
    if (typeof w !== 'string') continue;
    const at = Array.isArray(v) ? [...path, key, i] : [...path, key];
    try {
      if (parseCondition(w).braced) sink.warn(at, `conditions should not include {{ }} (Ansible warns too); tsprov evaluates ${JSON.stringify(w.trim().slice(2, -2).trim())} without them`);
    } catch (e) {
      sink.add(at, key === 'when' ? conditionProblem(w, e) : conditionProblem(w, e).replace(/docs\/playbook\.md#when/, `docs/playbook.md#when (${key} takes the same conditions)`));
    }
  }
}

/** The keywords of one task, checked; problems go to `sink`. */
export function parseTaskKeywords(raw: Obj, path: PathSeg[], sink: ProblemSink, handler: boolean): TaskKeywords {
  const out: TaskKeywords = {};
  if (handler) {
    for (const k of ['register', 'loop', 'loop_control', 'ignore_errors', 'failed_when'] as const) {
      if (raw[k] !== undefined) sink.add([...path, k], `"${k}" on a handler is not supported (yet): tsprov runs handlers in the on-host apply script; put it on a task`, { key: true });
    }
    return out;
  }
  const reg = nameProblem('register', raw.register);
  if (reg) sink.add([...path, 'register'], reg);
  else if (typeof raw.register === 'string') out.register = raw.register;

  if (typeof raw.loop === 'string') {
    if (!isSoleExpression(raw.loop)) sink.add([...path, 'loop'], `loop must be a list, or one "{{ expression }}" that gives a list (Ansible: "Invalid data passed to 'loop', it requires a list"); got ${JSON.stringify(raw.loop)}`);
    else out.loop = raw.loop;
  } else if (Array.isArray(raw.loop)) out.loop = raw.loop;

  const lc = raw.loop_control;
  if (lc !== undefined && raw.loop === undefined) sink.add([...path, 'loop_control'], 'loop_control without loop has no effect; add loop: or remove it', { key: true });
  if (lc && typeof lc === 'object' && !Array.isArray(lc)) {
    const c = lc as Obj;
    for (const k of Object.keys(c)) {
      if (['loop_var', 'index_var', 'label'].includes(k)) continue;
      const what = ['pause', 'extended', 'extended_allitems'].includes(k) ? `loop_control.${k} is an Ansible option tsprov does not support (yet)` : `unknown key "${k}" in loop_control`;
      sink.add([...path, 'loop_control', k], `${what}; supported: loop_var, index_var, label`, { key: true });
    }
    for (const k of ['loop_var', 'index_var'] as const) {
      const p = nameProblem(`loop_control.${k}`, c[k]);
      if (p) sink.add([...path, 'loop_control', k], p);
    }
    if (typeof c.loop_var === 'string' && IDENT.test(c.loop_var)) out.loopVar = c.loop_var;
    if (typeof c.index_var === 'string' && IDENT.test(c.index_var)) out.indexVar = c.index_var;
    if (typeof c.label === 'string') out.label = c.label;
  }
  if (typeof raw.ignore_errors === 'boolean') out.ignore_errors = raw.ignore_errors;
  checkConditions(raw, 'failed_when', path, sink);
  checkConditions(raw, 'changed_when', path, sink);
  if (raw.failed_when !== undefined) out.failed_when = raw.failed_when as TaskKeywords['failed_when'];
  return out;
}

/** A registered command whose output exists only after the apply step. */
export interface PendingOutput {
  register: string;
  task: string;
}

/** The names an expression reads as `name.key` or `name['key']`, with the key and offset. */
export function attributeReads(node: Node): { name: string; key: string; at: number }[] {
  const out: { name: string; key: string; at: number }[] = [];
  walkNodes(node, (n) => {
    if (n.type === 'get' && n.obj.type === 'name' && n.key.type === 'lit' && typeof n.key.value === 'string') out.push({ name: n.obj.name, key: n.key.value, at: n.at });
  });
  return out;
}

/** True for a command/shell task that runs while planning: registered and `changed_when: false`. */
export function isQueryTask(t: { module: string; register?: string; changed_when?: unknown; args: Obj }): boolean {
  return (t.module === 'command' || t.module === 'shell') && t.register !== undefined && (t.changed_when === false || t.args.changed_when === false);
}

export function pendingMessage(p: PendingOutput, key: string): string {
  return (
    `${p.register}.${key} is not known when tsprov plans this task: "${p.task}" registers ${p.register} but runs in the apply step ` +
    `(tsprov plans every task of a host before applying any). Give that task changed_when: false to run it as a read-only query ` +
    `before planning, or use ${p.register}.changed / is changed here`
  );
}
