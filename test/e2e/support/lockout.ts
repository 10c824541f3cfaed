// Scenarios every backend VM test runs alike: a pulled cable seen by verify, and the lockout, a
// bond that enslaves eth0, the NIC the controller's SSH comes in on, so tsprov loses the host and
// the on-host timer must restore it.
import assert from 'node:assert/strict';
import type { Vm } from '../../../lab/vm.ts';
import { tsprov } from '../../integration/support/fleet.ts';
import { slaveMii, vmRun, waitBond } from './lab-fleet.ts';

const PLAY = 'playbooks/bonding.yml';
export const bothUp = (t: string): boolean => Object.keys(slaveMii(t)).length === 2 && Object.values(slaveMii(t)).every((s) => s === 'up');

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

/** Every backend's cable pull: drift for `verify` (exit 2) while eth1 is down, holds again once plugged. */
export async function cablePullIsDrift(vm: Vm, inv: string): Promise<void> {
  await vm.setLink('nic1', false);
  try {
    await waitBond(vm, (t) => slaveMii(t).eth1 === 'down', 'eth1 down');
    const down = await tsprov(['verify', PLAY, '-i', inv]);
    assert.equal(down.code, 2, down.out + down.err);
    assert.match(down.out, /FAIL bond0 slaves up: expected 2\+ of 2, live 1 of 2/);
  } finally {
    await vm.setLink('nic1', true);
  }
  await waitBond(vm, bothUp, 'both slaves up again');
  const up = await tsprov(['verify', PLAY, '-i', inv]);
  assert.equal(up.code, 0, up.out + up.err);
}

export interface LockoutCase {
  vm: Vm;
  /** Inventory host name, as the recap shows it. */
  host: string;
  inv: string;
  /** Shell listing and printing the backend's files: unchanged by the refusal, back after the rollback. */
  files: string;
  /** The file the locked-out run writes (in its output). */
  writes: RegExp;
  /** Makes the backend hold eth0 once its stanza is gone (NM must be restarted to take it over). */
  takeOver?: () => Promise<void>;
}

/**
 * A bond over eth0: refused (`backend.conflict:eth0`, nothing written) while ifupdown configures
 * it; once nothing does, the run cuts the controller off and the on-host timer rolls it back: the
 * host reachable, its files as before, no bond1, eth0 with its address and no master.
 */
export async function lockoutRollsBack(c: LockoutCase): Promise<void> {
  const before = await vmRun(c.vm, c.files);
  const refused = await tsprov(['run', PLAY, '-i', c.inv, '-o', 'plain']);
  assert.equal(refused.code, 3, refused.out + refused.err);
  assert.match(refused.out, /precondition FAIL backend\.conflict:eth0: eth0 is also configured by ifupdown \(\/etc\/network\/interfaces\)/);
  assert.equal(await vmRun(c.vm, c.files), before, 'nothing written');

  await dropManagementStanza(c.vm);
  await c.takeOver?.();
  const r = await tsprov(['run', PLAY, '-i', c.inv, ...LOCKOUT_RUN_FLAGS]);
  assert.equal(r.code, 3, r.out + r.err);
  assert.match(r.out, /precondition WARN management\.interface/);
  assert.match(r.out, c.writes);
  assert.match(r.out, ROLLED_BACK(c.host));
  // Reachable again (vmRun reconnects), the old files back, no bond1, eth0's address back.
  assert.equal(await vmRun(c.vm, c.files), before);
  assert.equal((await c.vm.exec('test -e /sys/class/net/bond1')).exitCode, 1, 'bond1 is gone');
  assert.match(await vmRun(c.vm, 'ip -o addr show dev eth0'), /inet 10\.0\.2\.15\/24/);
  assert.doesNotMatch(await vmRun(c.vm, 'ip -o link show dev eth0'), /master/, 'eth0 released');
}
