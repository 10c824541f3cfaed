import type { SourceProblem } from '../core/errors.ts';
import { ProblemSink } from '../config/source.ts';
import type { Inventory } from './model.ts';

/**
 * Sets each group's depth (longest path from `all`, like Ansible) and reports cycles in `children`,
 * which would make precedence undefined.
 */
export function computeDepths(inv: Inventory, problems: SourceProblem[]): void {
  const state = new Map<string, 'active' | 'done'>();
  const visit = (name: string, depth: number, from?: string): void => {
    const g = inv.groups.get(name);
    if (!g) return;
    if (state.get(name) === 'active') {
      const origin = from ? inv.groups.get(from)?.childOrigins[name] : undefined;
      const src = inv.sources.find((s) => s.file === origin?.file);
      if (origin && src) new ProblemSink(src, problems).add(origin.path, `group ${name} is its own ancestor (children form a cycle)`, { key: true });
      return;
    }
    if (state.get(name) === 'done' && g.depth >= depth) return;
    g.depth = Math.max(g.depth, depth);
    state.set(name, 'active');
    for (const c of g.children) visit(c, depth + 1, name);
    state.set(name, 'done');
  };
  visit('all', 0);
}
