import { Option, type Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { loadInventory, resolveHosts, selectHosts, type Inventory } from '../../inventory/index.ts';
import { maskSecrets } from '../../inventory/secrets.ts';
import { targetHosts, action, printWarnings, requireInventory, withExtraVarsFlag, withInventoryFlags, type CliContext, type InventoryFlags } from '../context.ts';
import { graphLines, hostReport } from '../inventory-view.ts';
import { configConnectionFlags } from '../config-file.ts';
import { connectionDefaults } from '../connection-flags.ts';

interface Flags extends InventoryFlags {
  list?: boolean;
  graph?: boolean;
  host?: string;
  playbookDir?: string;
  extraVars?: string[];
}

/** A copy with every mapping's keys sorted, as ansible-inventory prints (json.dumps(sort_keys=True)). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}

/**
 * ansible-inventory --list, shape for shape: groups reached from `all` with their `hosts`
 * (direct members; none listed for `all`) and `children`, a group with neither left out (though
 * still named among its parent's children), and `_meta.hostvars` for every host that has vars.
 */
export function listJson(inv: Inventory, names: string[]): object {
  const out: Record<string, unknown> = {};
  // A Set: `names` may hold the whole fleet, and every group's hosts are checked against it.
  const shown = new Set(names);
  const seen = new Set<string>(['all']);
  const format = (name: string): void => {
    const g = inv.groups.get(name)!;
    const entry: Record<string, unknown> = {};
    const hosts = name === 'all' ? [] : g.hosts.filter((h) => shown.has(h));
    if (hosts.length) entry.hosts = hosts;
    if (g.children.length) entry.children = [...g.children];
    for (const c of g.children) {
      if (seen.has(c)) continue;
      seen.add(c);
      format(c);
    }
    if (Object.keys(entry).length) out[name] = entry;
  };
  format('all');
  const hostvars: Record<string, unknown> = {};
  for (const h of resolveHosts(inv, names)) if (Object.keys(h.vars).length) hostvars[h.name] = maskSecrets(h.vars);
  out._meta = { hostvars };
  return sortKeys(out) as object;
}

export function registerInventory(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('inventory')
    .description('show the resolved inventory (like ansible-inventory)')
    .addOption(new Option('--list', 'all groups and hosts as JSON, with _meta.hostvars').conflicts(['graph', 'host']))
    .addOption(new Option('--graph', 'the group tree').conflicts(['host']))
    .addOption(new Option('--host <name>', "one host's resolved vars, connection and bonds (with kernel defaults)"))
    .addOption(new Option('--playbook-dir <dir>', "also read group_vars/ and host_vars/ in DIR, as a playbook there would (ansible-inventory's --playbook-dir)"));
  // -e is tsprov's own here (ansible-inventory has none): --host and --list show what a run with the same -e would see.
  withExtraVarsFlag(withInventoryFlags(cmd)).action(
    action(ctx, (flags: Flags) => {
      const inv = loadInventory(requireInventory(flags), flags.extraVars ?? [], flags.playbookDir);
      printWarnings(ctx, inv.warnings);
      const names = flags.limit || flags.shard ? targetHosts(inv, flags) : inv.hosts;
      if (flags.host !== undefined) {
        if (!inv.hosts.includes(flags.host)) throw new TsprovError('E_NO_HOST', `no host named ${JSON.stringify(flags.host)} in the inventory`);
        // The connection a run would use without flags: the defaults file's remote_user & co. below the inventory.
        const defaults = connectionDefaults(configConnectionFlags(ctx.config), (w) => ctx.err(`warning: ${w}`));
        ctx.out(hostReport(resolveHosts(inv, [flags.host], defaults)[0]!));
      } else if (flags.graph) ctx.out(graphLines(inv, names).join('\n'));
      else if (flags.list) ctx.out(JSON.stringify(listJson(inv, names), null, 4));
      else throw new TsprovError('E_USAGE', 'choose one of --list, --graph or --host NAME');
      return ExitCode.ok;
    }),
  );
}
