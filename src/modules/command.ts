import { splitWords } from '../config/argv.ts';
import type { CommandChange } from '../core/change.ts';
import { shJoin, type ShellText } from '../core/quote.ts';
import { emptyPlan, type PlanInput, type TaskModule, type TaskPlan } from './types.ts';

/**
 * The argv of a `command` task. The engine has already split a string into words before
 * substituting (engine/task-args.ts), so what it passes is a list; a string reaching here was
 * never templated (a golden case, a direct call) and splitting it is the same split.
 */
export function commandArgv(args: Record<string, unknown>): string[] {
  const words = args.argv ?? args.cmd;
  return Array.isArray(words) ? words.map(String) : splitWords(String(words));
}

/**
 * The script of a `shell` task or handler. The one place a playbook's own text becomes shell text
 * unquoted: running it as written is what `shell` is for (docs/playbook.md, "command and shell").
 */
export function shellCmd(args: Record<string, unknown>): ShellText {
  return /* sh-safe: the playbook's own shell string, by the shell module's contract; values go in as-is unless `| quote`d, as in Ansible */ String(args.cmd);
}

/**
 * Both modules run something: not idempotent unless `creates`/`removes`/`changed_when: false`
 * says so, and they cannot simulate themselves, so check mode skips them with that reason.
 */
function runPlan({ task, args, ctx, check }: PlanInput, module: string, change: () => Pick<CommandChange, 'target' | 'argv'>): TaskPlan {
  const out = emptyPlan(task, module);
  if (typeof args.creates === 'string' && ctx.extra.paths[args.creates]) {
    out.noop = `${args.creates} exists`;
    return out;
  }
  if (typeof args.removes === 'string' && !ctx.extra.paths[args.removes]) {
    out.noop = `${args.removes} does not exist`;
    return out;
  }
  if (check) {
    out.skipped = `${module} cannot simulate itself in check mode`;
    return out;
  }
  const reason =
    args.changed_when === false
      ? 'runs every time (changed_when: false)'
      : typeof args.creates === 'string'
        ? `${args.creates} does not exist`
        : typeof args.removes === 'string'
          ? `${args.removes} exists`
          : 'not idempotent: runs every time unless creates/removes is given';
  out.changes.push({ kind: 'command', ...change(), before: null, after: null, reason });
  return out;
}

const wants = (args: Record<string, unknown>) => ({ paths: [args.creates, args.removes].filter((p): p is string => typeof p === 'string') });

/** An argv, run without a shell: every word reaches the program literally. */
export const commandModule: TaskModule = {
  name: 'command',
  wants,
  plan: (input) =>
    runPlan(input, 'command', () => {
      const argv = commandArgv(input.args);
      return { target: shJoin(argv), argv };
    }),
};

/** A shell string for `sh -c`, as written (after substitution): pipes, redirections, `$(…)`. */
export const shellModule: TaskModule = {
  name: 'shell',
  wants,
  plan: (input) => runPlan(input, 'shell', () => ({ target: shellCmd(input.args) })),
};
