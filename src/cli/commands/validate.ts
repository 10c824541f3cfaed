import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-codes.ts';
import { formatProblem } from '../../core/errors.ts';
import { checkProject } from '../../inventory/validate.ts';
import { backendOptionProblems } from '../backend-options.ts';
import { MODULE_CATALOG } from '../../modules/schemas.ts';
import { action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function registerValidate(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('validate')
    .description('check inventory (and a playbook) offline; report every problem with file:line:col')
    .argument('[playbook]', 'playbook YAML file');
  withExtraVarsFlag(withInventoryFlags(cmd, { limit: false })).action(
    action(ctx, (playbook: string | undefined, flags: InventoryFlags & { extraVars?: string[] }) => {
      const r = checkProject(requireInventory(flags), playbook, MODULE_CATALOG, flags.extraVars ?? []);
      r.problems.push(...backendOptionProblems(r.inventory, r.hosts));
      if (r.problems.length) {
        for (const p of r.problems) ctx.err(formatProblem(p));
        ctx.err(`${n(r.problems.length, 'problem')} found`);
        return ExitCode.usage;
      }
      printWarnings(ctx, [...r.inventory.warnings, ...(r.playbook?.warnings ?? [])]);
      // `ungrouped` always exists (as in Ansible); count it only when it holds someone.
      const groups = [...r.inventory.groups.values()].filter((g) => g.name !== 'all' && (g.name !== 'ungrouped' || g.hosts.length > 0)).length;
      const parts = [n(r.hosts.length, 'host'), n(groups, 'group')];
      if (r.playbook) {
        parts.push(n(r.playbook.plays.length, 'play'));
        parts.push(n(r.playbook.plays.reduce((s, p) => s + p.tasks.length, 0), 'task'));
      }
      ctx.out(`ok: ${parts.join(', ')}`);
      return ExitCode.ok;
    }),
  );
}
