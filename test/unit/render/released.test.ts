/** The shell that brings a NIC taken out of a bond back up from its own config, run by sh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rememberSlaves, upReleased } from '../../../src/render/released.ts';

/** Runs the released-slaves loop with the remembered list given, `up` echoing what it would bring up. */
function released(live: string, declared: string[]): string[] {
  const script = `tsprov_was0=${live ? `'${live}'` : ''}\n${upReleased(0, declared, (nic) => `{ echo up ${nic} >&3; }`)}`;
  return execFileSync('sh', ['-c', `exec 3>&1; ${script}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

test('only the NICs the bond no longer declares come up again, each once; none when nothing left', () => {
  assert.deepEqual(released('eth1 eth2 eth3', ['eth1', 'eth2']), ['up eth3']);
  assert.deepEqual(released('eth1 eth2', ['eth1', 'eth2']), []);
  assert.deepEqual(released('', ['eth1']), [], 'a bond that did not exist');
  // A name that is a prefix of a declared one is not taken for it.
  assert.deepEqual(released('eth1 eth10', ['eth10']), ['up eth1']);
});

test('the remembered list comes from sysfs, quoted, and a missing bond gives an empty list without failing', () => {
  const cmd = rememberSlaves("bo'nd", 0);
  assert.equal(cmd, `tsprov_was0=$(cat /sys/class/net/'bo'\\''nd'/bonding/slaves 2>/dev/null || :)`);
  assert.equal(execFileSync('sh', ['-ec', `${cmd}; echo "[$tsprov_was0]"`], { encoding: 'utf8' }), '[]\n');
});
