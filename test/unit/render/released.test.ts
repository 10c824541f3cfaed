/**
 * The shell that brings a NIC taken out of a bond back up from its own config, run by sh: the
 * note of live slaves is a file because every handler command runs in a shell of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { rememberSlaves, upReleased } from '../../../src/render/released.ts';

const BOND = `tsprov-test-${process.pid}`;
const NOTE = `/var/run/tsprov-was-slaves.${BOND}`;

/** Runs the released-slaves loop over a noted list, `up` echoing what it would bring up. */
function released(live: string | null, declared: string[]): string[] {
  if (live !== null) writeFileSync(NOTE, live);
  const out = execFileSync('sh', ['-c', `exec 3>&1; ${upReleased(BOND, declared, (nic) => `{ echo up ${nic} >&3; }`)}`], { encoding: 'utf8' });
  assert.equal(existsSync(NOTE), false, 'the note is removed');
  return out.split('\n').filter(Boolean);
}

test('only the NICs the bond no longer declares come up again, each once; none when nothing left', () => {
  assert.deepEqual(released('eth1 eth2 eth3\n', ['eth1', 'eth2']), ['up eth3']);
  assert.deepEqual(released('eth1 eth2\n', ['eth1', 'eth2']), []);
  assert.deepEqual(released('', ['eth1']), [], 'a bond that did not exist');
  assert.deepEqual(released(null, ['eth1']), [], 'no note at all (its command never ran)');
  // A name that is a prefix of a declared one is not taken for it.
  assert.deepEqual(released('eth1 eth10\n', ['eth10']), ['up eth1']);
});

test('the note is written in one command and read in another (separate shells), and a missing bond notes nothing', () => {
  assert.equal(rememberSlaves("bo'nd"), `cat /sys/class/net/'bo'\\''nd'/bonding/slaves >'/var/run/tsprov-was-slaves.bo'\\''nd' 2>/dev/null || :`);
  execFileSync('sh', ['-ec', rememberSlaves(BOND)]);
  assert.deepEqual(released(null, []), []);
});
