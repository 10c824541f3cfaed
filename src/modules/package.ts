import type { PackageChange } from '../core/change.ts';
import { emptyPlan, type TaskModule } from './types.ts';

function names(args: Record<string, unknown>): string[] {
  const n = args.name;
  return Array.isArray(n) ? n.map(String) : [String(n)];
}

/** Ensures packages are present or absent; asks the probe for their state, changes only what differs. */
export const packageModule: TaskModule = {
  name: 'package',
  wants: (args) => ({ packages: names(args) }),
  plan({ task, args, ctx }) {
    const out = emptyPlan(task, 'package');
    const want = (args.state as 'present' | 'absent' | undefined) ?? 'present';
    const manager = (args.manager as 'apt' | 'dnf' | undefined) ?? (ctx.facts.packages.manager === 'rpm' ? 'dnf' : 'apt');
    for (const name of names(args)) {
      const installed = ctx.extra.packages[name] ?? false;
      if ((want === 'present') === installed) continue;
      const change: PackageChange = { kind: 'package', target: name, before: installed ? 'present' : 'absent', after: want, manager, reason: `${name} is ${installed ? 'installed' : 'not installed'}` };
      out.changes.push(change);
    }
    if (out.changes.length === 0) out.noop = `${names(args).join(', ')} already ${want}`;
    return out;
  },
};
