import { join } from 'node:path';
import type { Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { showPath } from '../../core/show-path.ts';
import { defaultFacts } from '../../facts/defaults.ts';
import { hostBackend, hostBonds, loadInventory, resolveHosts } from '../../inventory/index.ts';
import { chooseBackend, renderEnv } from '../../modules/bond.ts';
import { liveBond } from '../../modules/live-bond.ts';
import { renderers } from '../../render/index.ts';
import { confinedParts, prepareOut, readFacts, writeConfined } from '../render-io.ts';
import { action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';

interface RenderFlags extends InventoryFlags {
  host: string;
  facts?: string;
  out: string;
  extraVars?: string[];
}

export function registerRender(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('render')
    .description('write the files tsprov would install for a host, without connecting')
    .requiredOption('--host <name>', 'inventory host to render')
    .option('--facts <file>', 'facts from `tsprov facts --json` (default: a fresh Debian bookworm)')
    .requiredOption('--out <dir>', 'directory to write the files into (mirrors their paths on the host)');
  withExtraVarsFlag(withInventoryFlags(cmd, { limit: false })).action(
    action(ctx, (flags: RenderFlags) => {
      const inv = loadInventory(requireInventory(flags), flags.extraVars ?? []);
      printWarnings(ctx, inv.warnings);
      if (!inv.hosts.includes(flags.host)) throw new TsprovError('E_HOST', `no host ${flags.host} in the inventory (hosts: ${inv.hosts.join(', ')})`, ExitCode.usage);
      const [host] = resolveHosts(inv, [flags.host]);
      const facts = flags.facts ? readFacts(flags.facts, flags.host) : defaultFacts();
      const backend = chooseBackend(hostBackend(host!), facts);
      if (!backend) throw new TsprovError('E_BACKEND', `cannot tell the backend of ${flags.host}: set var backend`, ExitCode.usage);
      const previous = Object.fromEntries(Object.entries(facts.bonds).map(([n, s]) => [n, liveBond(s)]));
      const all = hostBonds(host!);
      const absent = all.filter((b) => b.state === 'absent');
      const out = renderers[backend]({ bonds: all.filter((b) => b.state !== 'absent'), absent, existing: facts.files, env: renderEnv(facts), previous });
      if (!flags.facts) ctx.out('facts: none given, assuming a fresh Debian bookworm (max_bonds=0, no ifenslave command, no modutils)');
      for (const f of out.files) if (f.content !== null) confinedParts(f.path);
      const root = prepareOut(flags.out);
      for (const f of out.files) {
        if (f.content === null) {
          ctx.out(`would remove ${showPath(f.path)}  (${f.reason})`);
          continue;
        }
        writeConfined(root, f.path, f.content);
        ctx.out(`wrote ${showPath(join(flags.out, f.path))}  (${f.reason})`);
      }
      for (const s of out.steps) ctx.out(`then run: ${s.command.join(' ')}  (${s.reason})`);
      for (const n of out.notes) ctx.out(`${n.level === 'warn' ? 'NOTE (deviation)' : 'note'}: ${n.message}`);
      return ExitCode.ok;
    }),
  );
}
