import type { SourceProblem } from '../core/errors.ts';
import type { Host } from '../core/host.ts';
import { hostBackend, hostBonds, varLocator, type Inventory } from '../inventory/index.ts';
import { spellings } from '../render/registry.ts';
import { inexpressible } from '../render/unsupported.ts';

/**
 * A bond option the host's pinned backend cannot express, found by `validate` at the `bonds` var
 * that declares it (a run refuses that host with E_BACKEND_OPTION at plan time either way). Hosts
 * whose backend comes from facts are judged when their facts are known.
 */
export function backendOptionProblems(inventory: Inventory, hosts: Host[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const host of hosts) {
    const backend = hostBackend(host);
    const spelling = backend && spellings[backend];
    if (!spelling) continue;
    for (const bond of hostBonds(host).filter((b) => b.state !== 'absent')) {
      const bad = inexpressible(bond, spelling);
      if (!bad.length) continue;
      const at = varLocator(inventory, host.name)('bonds') ?? { file: '(inventory)', line: 0, col: 0, path: 'bonds' };
      problems.push({ ...at, message: `host ${host.name}: backend ${backend} cannot express ${bad.map((o) => `${bond.name}.${o}`).join(', ')}; remove ${bad.length === 1 ? 'it' : 'them'} or pin another backend (docs/backends.md)` });
    }
  }
  return problems;
}
