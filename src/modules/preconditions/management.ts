import type { Bond } from '../../config/bond-model.ts';
import type { HostFacts } from '../../facts/types.ts';
import type { Precondition } from './types.ts';

/** Reconfiguring the NIC that carries this very SSH session can cut us off mid-apply. */
export function checkManagementInterface(facts: HostFacts, bonds: Bond[]): Precondition {
  const id = 'management.interface';
  const mgmt = facts.management;
  if (!mgmt.interface) {
    return { id, verdict: 'ok', message: 'management interface unknown (not an SSH session, or no route lookup)', evidence: mgmt.sshClientIp ? `SSH client ${mgmt.sshClientIp}, ip route get gave no device` : 'SSH_CONNECTION not set' };
  }
  const evidence = `ip route get ${mgmt.sshClientIp ?? '?'} → dev ${mgmt.interface}`;
  const owner = bonds.find((b) => b.slaves.includes(mgmt.interface as string));
  if (owner) {
    return {
      id,
      verdict: 'warn',
      message: `the SSH session runs over ${mgmt.interface}, a declared slave of ${owner.name}: enslaving it interrupts this connection`,
      evidence,
      fix: 'the commit-confirmed rollback timer (--confirm-timeout) restores the old config if tsprov cannot reconnect; keep it armed, or manage the host over another interface',
    };
  }
  const bond = bonds.find((b) => b.name === mgmt.interface);
  if (bond?.state === 'absent') {
    return { id, verdict: 'warn', message: `the SSH session runs over ${bond.name}, which is to be removed: removing it cuts this connection`, evidence, fix: 'the commit-confirmed rollback timer (--confirm-timeout) brings the bond back if tsprov cannot reconnect; manage the host over another interface first' };
  }
  if (bond) return { id, verdict: 'warn', message: `the SSH session runs over ${bond.name} itself: changing it may interrupt this connection`, evidence, fix: 'the commit-confirmed rollback timer (--confirm-timeout) restores the old config if tsprov cannot reconnect' };
  return { id, verdict: 'ok', message: `the SSH session runs over ${mgmt.interface}, which no declared bond touches`, evidence };
}
