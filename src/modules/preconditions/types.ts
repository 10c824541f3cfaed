import type { Backend, Bond } from '../../config/bond-model.ts';
import type { Verdict } from '../../core/status.ts';
import type { HostFacts } from '../../facts/types.ts';

/**
 * One precondition verdict. `id` is stable (reports, docs and suppressions key on it); a
 * per-object check appends ":<name>", e.g. "slave.exists:eth1".
 */
export interface Precondition {
  id: string;
  verdict: Verdict;
  message: string;
  /** The fact the verdict rests on, quoted as read from the host. */
  evidence: string;
  /** What to do about a warn/fail. */
  fix?: string;
}

export interface PreconditionInput {
  facts: HostFacts;
  bonds: Bond[];
  backend: Backend;
  /** The play may install missing packages (a package change will be planned). */
  mayInstallPackages: boolean;
}
