import type { Backend, Bond } from '../../config/bond-model.ts';
import { configuredBy } from '../../facts/parse/nic-config.ts';
import type { HostFacts } from '../../facts/types.ts';
import type { Precondition } from './types.ts';

const family = (b: Backend): string => (b === 'ifupdown-legacy' ? 'ifupdown' : b);

/**
 * A bond or slave configured by another backend that is active on the host: both would bring the
 * NIC up their own way, and which one wins depends on boot order. Reported only when it fails
 * (config of an inactive backend, e.g. leftover ifcfg files on Debian, is harmless).
 */
export function checkBackendConflicts(facts: HostFacts, bonds: Bond[], backend: Backend): Precondition[] {
  const active = new Set<string>(facts.backend.active ?? []);
  const nics = [...new Set(bonds.flatMap((b) => [b.name, ...b.slaves]))];
  const out: Precondition[] = [];
  for (const nic of nics) {
    const foreign = configuredBy(nic, facts).filter((c) => c.backend !== family(backend) && active.has(c.backend));
    if (!foreign.length) continue;
    const where = foreign.map((c) => `${c.backend} (${c.file})`).join(', ');
    out.push({
      id: `backend.conflict:${nic}`,
      verdict: 'fail',
      message: `${nic} is also configured by ${where}, active on this host: two backends would fight over it`,
      evidence: `${facts.backend.evidence.join('; ')}; ${foreign.map((c) => `${c.file} configures ${nic}`).join('; ')}`,
      fix: `remove ${nic} from ${foreign.map((c) => c.file).join(', ')}, or pin var backend to the one that should own it (now ${backend})`,
    });
  }
  return out;
}
