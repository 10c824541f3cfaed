import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { defaultFacts } from '../../facts/defaults.ts';
import type { HostFacts } from '../../facts/types.ts';
import { hostBackend, hostBonds, loadInventory, resolveHosts } from '../../inventory/index.ts';
import { chooseBackend, renderEnv } from '../../modules/bond.ts';
import { liveBond } from '../../modules/live-bond.ts';
import { renderers } from '../../render/index.ts';
import { action, printWarnings, requireInventory, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';

interface RenderFlags extends InventoryFlags {
  host: string;
  facts?: string;
  out: string;
}

/** Facts from a `tsprov facts --json` file: the host's own entry, else the file's only entry. */
function readFacts(file: string, host: string): HostFacts {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { hosts?: Record<string, { facts?: HostFacts }> };
  const entry = doc.hosts?.[host] ?? (doc.hosts && Object.keys(doc.hosts).length === 1 ? Object.values(doc.hosts)[0] : undefined);
  if (!entry?.facts) throw new TsprovError('E_FACTS', `${file} holds no facts for ${host} (expected the output of tsprov facts --json)`, ExitCode.usage);
  return entry.facts;
}

export function registerRender(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('render')
    .description('write the files tsprov would install for a host, without connecting')
    .requiredOption('--host <name>', 'inventory host to render')
    .option('--facts <file>', 'facts from `tsprov facts --json` (default: a fresh Debian bookworm)')
    .requiredOption('--out <dir>', 'directory to write the files into (mirrors their paths on the host)');
  withInventoryFlags(cmd, { limit: false }).action(
    action(ctx, (flags: RenderFlags) => {
      const inv = loadInventory(requireInventory(flags));
      printWarnings(ctx, inv.warnings);
      if (!inv.hosts.includes(flags.host)) throw new TsprovError('E_HOST', `no host ${flags.host} in the inventory (hosts: ${inv.hosts.join(', ')})`, ExitCode.usage);
      const [host] = resolveHosts(inv, [flags.host]);
      const facts = flags.facts ? readFacts(flags.facts, flags.host) : defaultFacts();
      const backend = chooseBackend(hostBackend(host!), facts);
      if (!backend) throw new TsprovError('E_BACKEND', `cannot tell the backend of ${flags.host}: set var backend`, ExitCode.usage);
      const previous = Object.fromEntries(Object.entries(facts.bonds).map(([n, s]) => [n, liveBond(s)]));
      const out = renderers[backend]({ bonds: hostBonds(host!), existing: facts.files, env: renderEnv(facts), previous });
      if (!flags.facts) ctx.out('facts: none given, assuming a fresh Debian bookworm (max_bonds=0, no ifenslave command, no modutils)');
      for (const f of out.files) {
        const dest = join(flags.out, f.path);
        if (f.content === null) {
          ctx.out(`would remove ${f.path}  (${f.reason})`);
          continue;
        }
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, f.content);
        ctx.out(`wrote ${dest}  (${f.reason})`);
      }
      for (const s of out.steps) ctx.out(`then run: ${s.command.join(' ')}  (${s.reason})`);
      for (const n of out.notes) ctx.out(`${n.level === 'warn' ? 'NOTE (deviation)' : 'note'}: ${n.message}`);
      return ExitCode.ok;
    }),
  );
}
