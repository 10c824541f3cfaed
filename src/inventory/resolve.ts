import { ConfigError, type SourceProblem } from '../core/errors.ts';
import type { Host } from '../core/host.ts';
import { sortProblems } from '../config/source.ts';
import { resolveConnection, type ConnectionDefaults } from './connection.ts';
import { addConnectionChecks } from './connection-checks.ts';
import { redactProblems } from './secrets.ts';
import { renderConnectionVars } from './connection-templates.ts';
import type { Inventory, ResolvedVars } from './model.ts';
import { resolveVars } from './vars-layers.ts';
export type { ResolvedVars };
export { groupsOf, precedenceOrder, resolveVars, varLayers } from './vars-layers.ts';

/** Resolves one host (vars and connection); connection problems go to `problems`. */
export function resolveHost(inv: Inventory, name: string, problems: SourceProblem[], defaults: ConnectionDefaults = {}): Host {
  const r = resolveVars(inv, name);
  // Templated connection vars (`ansible_host: "{{ mgmt_ip }}"`) are rendered for the connection
  // only: the host's vars stay as written, rendered lazily where templates use them.
  return { name, groups: r.groups, vars: r.vars, connection: resolveConnection(inv, name, renderConnectionVars(inv, name, r, problems), problems, defaults) };
}

/**
 * All hosts in inventory order; throws ConfigError if any connection setting is contradictory.
 * `defaults` are the command line's connection flags, below every inventory var.
 */
export function resolveHosts(inv: Inventory, names: readonly string[] = inv.hosts, defaults: ConnectionDefaults = {}): Host[] {
  const problems: SourceProblem[] = [];
  addConnectionChecks(inv, problems);
  const hosts = names.map((n) => resolveHost(inv, n, problems, defaults));
  if (problems.length) throw new ConfigError(sortProblems(redactProblems(inv, dedupe(problems))));
  return hosts;
}

/** A group-level mistake shows up once per member host; report it once. */
export function dedupe(problems: SourceProblem[]): SourceProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.file}:${p.line}:${p.col}:${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
