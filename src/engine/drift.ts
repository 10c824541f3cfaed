/**
 * Drift, per host, from one check-mode pass: the declaration against the files on the host (the
 * plan's file/package/module changes), against the live kernel (the gathered /proc/net/bonding
 * state judged by verifyBond), and the preconditions. Pure: a HostResult with its facts in,
 * findings out (docs/drift.md).
 */
import type { Bond } from '../config/bond-model.ts';
import type { Change } from '../core/change.ts';
import type { HostResult } from './types.ts';
import { pendingFindings } from './drift-pending.ts';
import { verifyBond, type BondCheck } from './verify.ts';

export type FindingKind = 'file' | 'package' | 'kernel-module' | 'live' | 'not-applied' | 'precondition';
export type Severity = 'critical' | 'warning';

export interface Finding {
  /** Stable across runs: host, kind, target and what. */
  id: string;
  host: string;
  kind: FindingKind;
  severity: Severity;
  /** The file, package, module, bond or precondition it is about. */
  target: string;
  what: string;
  expected: string;
  actual: string;
  evidence: string;
  /** The command that puts it right. */
  fix: string;
  /** Set when the inventory's `drift_expected` accepts it: reported, but not drift. */
  expectedBecause?: string;
}

/** One `drift_expected` entry of a host: a finding to accept, and why. */
export interface ExpectedDrift {
  kind: FindingKind;
  target: string;
  what?: string;
  reason: string;
}

export interface DriftInput {
  result: HostResult;
  bonds: Bond[];
  allowDegraded: number;
  expected: ExpectedDrift[];
  /** `tsprov run PLAYBOOK -i INV`: the host's --limit is added. */
  fixCommand: string;
}

const id = (f: Pick<Finding, 'host' | 'kind' | 'target' | 'what'>): string => [f.host, f.kind, f.target, f.what].join('|');

function changeFinding(host: string, c: Change): Omit<Finding, 'id' | 'fix'> | undefined {
  switch (c.kind) {
    case 'file':
      return {
        host, kind: 'file', severity: 'warning', target: c.target,
        what: c.before === null ? 'missing' : c.after === null ? 'present, should not be' : 'content differs',
        expected: c.after === null ? 'absent' : 'as declared', actual: c.before === null ? 'absent' : 'differs', evidence: c.reason,
      };
    case 'package':
      return { host, kind: 'package', severity: 'warning', target: c.target, what: `package ${c.after}`, expected: c.after, actual: c.before ?? 'absent', evidence: c.reason };
    case 'module':
      return { host, kind: 'kernel-module', severity: 'warning', target: c.target, what: `module ${c.after}`, expected: String(c.after), actual: String(c.before ?? 'absent'), evidence: c.reason };
    default:
      // A command cannot simulate itself: in check mode it is skipped, never a finding.
      return undefined;
  }
}

/**
 * Checks of what the config files decide (the bond, its mode, slaves and options). The rest (a
 * slave's MII, slaves up, the active slave, the LACP partner, aggregators) is the link's own
 * state: a pulled cable is live drift whatever the files say.
 */
const OPERATIONAL = /^(slave .* MII|slaves up|active slave|LACP partner|aggregator|ping .*)$/;

function liveFinding(host: string, c: BondCheck, filesMatch: boolean): Omit<Finding, 'id' | 'fix'> {
  // The files already say what the kernel does not: a change never applied, or a reboot pending.
  const notApplied = filesMatch && !OPERATIONAL.test(c.what);
  return {
    host,
    kind: notApplied ? 'not-applied' : 'live',
    severity: c.verdict === 'fail' ? 'critical' : 'warning',
    target: c.bond,
    what: c.what,
    expected: c.expected,
    actual: c.actual,
    evidence: `${c.bond} ${c.what}: expected ${c.expected}, live ${c.actual}${notApplied ? ' (the files on the host match the declaration: changed by hand in the kernel, never applied, or a reboot pending)' : ''}`,
  };
}

/** Every finding of one host; `expected` ones carry their reason. */
export function hostDrift(input: DriftInput): Finding[] {
  const { result: r } = input;
  const out: Omit<Finding, 'id' | 'fix'>[] = [];
  // A precondition warning is advice about the host (max_bonds=0), not a change it went through.
  for (const p of r.preconditions) {
    if (p.verdict !== 'fail') continue;
    out.push({ host: r.host, kind: 'precondition', severity: 'critical', target: p.id, what: p.message, expected: 'holds', actual: 'fails', evidence: p.evidence });
  }
  const changes = r.tasks.filter((t) => t.status === 'changed').flatMap((t) => t.changes);
  for (const c of changes) {
    const f = changeFinding(r.host, c);
    if (f) out.push(f);
  }
  if (r.facts) {
    const filesMatch = !changes.some((c) => c.kind === 'file');
    for (const bond of input.bonds) {
      const addresses = r.facts.addresses ? { addresses: r.facts.addresses[bond.name] ?? [] } : {};
      for (const c of verifyBond({ bond, state: r.facts.bonds[bond.name], allowDegraded: input.allowDegraded, ...addresses })) {
        if (c.verdict !== 'ok') out.push(liveFinding(r.host, c, filesMatch));
      }
    }
    // Files that differ from the declaration may also differ from the kernel: what a reboot does.
    if (!filesMatch) {
      for (const p of pendingFindings(r.backend, input.bonds, r.facts)) out.push({ host: r.host, kind: 'not-applied', severity: 'warning', ...p });
    }
  }
  const fix = `${input.fixCommand} --limit ${r.host}`;
  return out.map((f) => {
    const accepted = input.expected.find((e) => e.kind === f.kind && e.target === f.target && (e.what === undefined || e.what === f.what));
    return { id: id(f), ...f, fix, ...(accepted ? { expectedBecause: accepted.reason } : {}) };
  });
}

export type DriftStatus = 'ok' | 'drift' | 'failed' | 'unreachable';

/** A host's drift verdict: its run status first (it could not be judged), then its findings. */
export function driftStatus(r: HostResult, findings: Finding[]): DriftStatus {
  if (r.status === 'unreachable') return 'unreachable';
  // Failed preconditions fail a check run, yet they are drift findings of their own.
  const judged = r.status !== 'failed' || (r.preconditions.some((p) => p.verdict === 'fail') && r.facts !== undefined);
  if (!judged) return 'failed';
  return findings.some((f) => !f.expectedBecause) ? 'drift' : 'ok';
}
