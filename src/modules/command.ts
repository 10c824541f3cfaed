import { emptyPlan, type TaskModule } from './types.ts';

/**
 * Runs a command. Not idempotent unless `creates`/`removes`/`changed_when: false` says so, and it
 * cannot simulate itself: in check mode it is skipped with that reason, never run.
 */
export const commandModule: TaskModule = {
  name: 'command',
  wants: (args) => ({ paths: [args.creates, args.removes].filter((p): p is string => typeof p === 'string') }),
  plan({ task, args, ctx, check }) {
    const out = emptyPlan(task, 'command');
    const cmd = String(args.cmd);
    if (typeof args.creates === 'string' && ctx.extra.paths[args.creates]) {
      out.noop = `${args.creates} exists`;
      return out;
    }
    if (typeof args.removes === 'string' && !ctx.extra.paths[args.removes]) {
      out.noop = `${args.removes} does not exist`;
      return out;
    }
    if (check) {
      out.skipped = 'command cannot simulate itself in check mode';
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
    out.changes.push({ kind: 'command', target: cmd, before: null, after: null, reason });
    return out;
  },
};
