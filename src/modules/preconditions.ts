/**
 * Preconditions: what must hold on a host before a bond plan is worth applying. Pure: facts,
 * declared bonds and backend in, verdicts out, each with the evidence it rests on and a fix.
 * The engine stops a host on any 'fail' and reports 'warn's (see docs/facts.md for the ids).
 */
import { checkBondingModule, checkKernelBonding, checkKernelMii } from './preconditions/kernel.ts';
import { checkLinkMonitoring, checkSlaves } from './preconditions/slaves.ts';
import { checkBackendTool, checkIfenslaveCommand, checkIfenslavePackage, checkMaxBonds } from './preconditions/tooling.ts';
import { checkManagementInterface } from './preconditions/management.ts';
import { checkOptionSupport } from './preconditions/option-support.ts';
import { checkBackendConflicts } from './preconditions/backend-conflict.ts';
import type { Precondition, PreconditionInput } from './preconditions/types.ts';

export type { Precondition, PreconditionInput } from './preconditions/types.ts';

export function checkPreconditions(input: PreconditionInput): Precondition[] {
  const { facts, backend } = input;
  // A bond being removed needs none of the driver's preconditions, only the backend's tool.
  const bonds = input.bonds.filter((b) => b.state !== 'absent');
  if (bonds.length === 0) return input.bonds.length > 0 ? [...checkBackendTool(facts, backend), checkManagementInterface(facts, input.bonds)] : [];
  return [
    checkKernelBonding(facts),
    checkBondingModule(facts),
    checkKernelMii(facts),
    ...checkIfenslavePackage(facts, backend, input.mayInstallPackages),
    ...checkIfenslaveCommand(facts, backend),
    ...checkBackendTool(facts, backend),
    ...checkMaxBonds(facts, backend, bonds),
    ...checkSlaves(facts, bonds),
    ...checkLinkMonitoring(bonds),
    ...checkOptionSupport(facts, bonds, backend),
    ...checkBackendConflicts(facts, bonds, backend),
    checkManagementInterface(facts, input.bonds),
  ];
}

/** The worst verdict of a list: what the host's precondition phase amounts to. */
export function worstVerdict(list: readonly Precondition[]): Precondition['verdict'] {
  if (list.some((p) => p.verdict === 'fail')) return 'fail';
  return list.some((p) => p.verdict === 'warn') ? 'warn' : 'ok';
}
