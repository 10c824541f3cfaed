import type { FileChange } from '../core/change.ts';
import { renderTemplate } from '../template/index.ts';
import { emptyPlan, type PlanInput, type TaskModule, type TaskPlan } from './types.ts';

function fileTask(input: PlanInput, module: string, content: string): TaskPlan {
  const out = emptyPlan(input.task, module);
  const dest = String(input.args.dest);
  const before = input.ctx.extra.files[dest] ?? null;
  if (before === content) {
    out.noop = `${dest} already has the desired content`;
    return out;
  }
  const change: FileChange = { kind: 'file', target: dest, before, after: content, reason: before === null ? `${dest} does not exist` : `${dest} differs` };
  // `mode: 0644` reaches here as the number 420 (YAML 1.1 octal); its octal digits are the mode.
  const raw = input.args.mode as string | number | undefined;
  const mode = typeof raw === 'number' ? raw.toString(8).padStart(3, '0') : raw;
  if (mode) change.mode = mode.length === 3 ? `0${mode}` : mode;
  else if (before === null) change.mode = '0644';
  if (typeof input.args.owner === 'string') change.owner = input.args.owner;
  if (typeof input.args.group === 'string') change.group = input.args.group;
  out.changes.push(change);
  return out;
}

/** A file with literal content. */
export const copyModule: TaskModule = {
  name: 'copy',
  wants: (args) => ({ files: [String(args.dest)] }),
  plan: (input) => fileTask(input, 'copy', String(input.args.content)),
};

/** A file rendered from a template with the host's vars: the subset of Jinja in docs/templating.md. */
export const templateModule: TaskModule = {
  name: 'template',
  wants: (args) => ({ files: [String(args.dest)] }),
  plan: (input) => {
    const text = input.args.template;
    if (typeof text !== 'string') throw new Error('template: `src` must be resolved to `template` text by the engine before planning');
    // A template file: Jinja's backslash escapes apply in its string literals (Ansible's template module).
    return fileTask(input, 'template', renderTemplate(text, input.ctx.vars, { file: true }));
  },
};
