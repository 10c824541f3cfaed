import { Option, type Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { loadInventory, resolveHosts, selectHosts, type Inventory } from '../../inventory/index.ts';
import { maskSecrets } from '../../inventory/secrets.ts';
import { action, printWarnings, requireInventory, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { graphLines, hostReport } from '../inventory-view.ts';

interface Flags extends InventoryFlags {
  list?: boolean;
  graph?: boolean;
  host?: string;
}

/** ansible-inventory's JSON shape: groups with hosts/children, every host's vars under _meta.hostvars. */
function listJson(inv: Inventory, names: string[]): object {
  const out: Record<string, unknown> = {};
  const hostvars: Record<string, unknown> = {};
  for (const h of resolveHosts(inv, names)) hostvars[h.name] = maskSecrets(h.vars);
  out._meta = { hostvars };
  // A Set: `names` may hold the whole fleet, and every group's hosts are checked against it.
  const shown = new Set(names);
  for (const g of inv.groups.values()) {
    const entry: Record<string, unknown> = {};
    const hosts = g.hosts.filter((h) => shown.has(h));
    if (hosts.length) entry.hosts = hosts;
    if (g.children.length) entry.children = g.children;
    out[g.name] = entry;
  }
  return out;
}

export function registerInventory(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('inventory')
    .description('show the resolved inventory (like ansible-inventory)')
    .addOption(new Option('--list', 'all groups and hosts as JSON, with _meta.hostvars').conflicts(['graph', 'host']))
    .addOption(new Option('--graph', 'the group tree').conflicts(['host']))
    .addOption(new Option('--host <name>', "one host's resolved vars, connection and bonds (with kernel defaults)"));
  withInventoryFlags(cmd).action(
    action(ctx, (flags: Flags) => {
      const inv = loadInventory(requireInventory(flags));
      printWarnings(ctx, inv.warnings);
      const names = flags.limit ? selectHosts(inv, flags.limit) : inv.hosts;
      if (flags.host !== undefined) {
        if (!inv.hosts.includes(flags.host)) throw new TsprovError('E_NO_HOST', `no host named ${JSON.stringify(flags.host)} in the inventory`);
        ctx.out(hostReport(resolveHosts(inv, [flags.host])[0]!));
      } else if (flags.graph) ctx.out(graphLines(inv, names).join('\n'));
      else if (flags.list) ctx.out(JSON.stringify(listJson(inv, names), null, 2));
      else throw new TsprovError('E_USAGE', 'choose one of --list, --graph or --host NAME');
      return ExitCode.ok;
    }),
  );
}
