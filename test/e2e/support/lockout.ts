// The lockout scenario shared by the backend VM tests: a bond that enslaves eth0, the NIC the
// controller's SSH comes in on, so tsprov loses the host and the on-host timer must restore it.
import assert from 'node:assert/strict';
import type { Vm } from '../../../lab/vm.ts';
import { vmRun } from './lab-fleet.ts';

/** Host vars of a bond over the management NIC alone, for `backend`. */
export function lockoutBond(backend: string): Record<string, unknown> {
  return { backend, bonds: [{ name: 'bond1', mode: 'active-backup', slaves: ['eth0'], miimon: 100, address: '10.99.0.1/24' }] };
}

/**
 * A short timer, so the rollback comes within the test, and short connect and verify timeouts for
 * the same reason: locked out, tsprov reaches the host again only after the timer restored it, so
 * verification then waits for a bond1 that never comes (30 s by default, all of it lost).
 */
export const LOCKOUT_RUN_FLAGS = ['-o', 'plain', '--confirm-timeout', '30', '--connect-timeout', '15', '--verify-timeout', '10'];

/**
 * Either the session drops (tsprov reconnects after the timer) or, on a loaded machine, it stalls
 * and survives the lockout, and the restore finds the timer already fired: both are a rollback.
 */
export const ROLLED_BACK = (host: string): RegExp =>
  new RegExp(`${host}: rolled-back — rolled back(: lost connectivity| by the on-host timer before verification completed)`);

/**
 * Takes eth0 out of /etc/network/interfaces and leaves it as it is live (10.0.2.15): a management
 * NIC no backend configures, as an initramfs `ip=` or a provider's agent leaves one. It is the
 * only way a bond of another backend over it passes tsprov's preconditions: while ifupdown
 * configures eth0, `backend.conflict:eth0` refuses the host, as each backend test shows first.
 */
export async function dropManagementStanza(vm: Vm): Promise<void> {
  await vmRun(vm, "sed -i '/^auto eth0$/,$d' /etc/network/interfaces");
  assert.doesNotMatch(await vmRun(vm, 'cat /etc/network/interfaces'), /eth0/);
  assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /inet 10\.0\.2\.15\/24/, 'eth0 keeps its live address');
}
