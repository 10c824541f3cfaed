/** Options newer than the host's kernel or iproute2 fail before the apply, not in the middle of it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { checkOptionSupport, majorMinor } from '../../../src/modules/preconditions/option-support.ts';

const bond = toBond({ name: 'bond0', mode: '802.3ad', slaves: ['eth1', 'eth2'], miimon: 100, coupled_control: false, peer_notif_delay: 200 } as never);

test('majorMinor reads kernel releases and dpkg versions (with an epoch)', () => {
  assert.deepEqual(majorMinor('6.1.0-26-amd64'), [6, 1]);
  assert.deepEqual(majorMinor('1:6.10.0-1'), [6, 10]);
  assert.equal(majorMinor('unknown'), null);
});

test('a new enough kernel and iproute2 pass; an old iproute2 alone fails; an unreadable kernel warns', () => {
  const facts = defaultFacts();
  facts.kernel.release = '6.12.0-1-amd64';
  facts.packages.packages.iproute2 = { installed: true, version: '6.15.0-1' };
  assert.deepEqual(checkOptionSupport(facts, [bond], 'ifupdown').map((p) => [p.id, p.verdict]), [
    ['bond.option-support:bond0.peer_notif_delay', 'ok'],
    ['bond.option-support:bond0.coupled_control', 'ok'],
  ]);
  facts.packages.packages.iproute2 = { installed: true, version: '6.1.0-3' };
  const old = checkOptionSupport(facts, [bond], 'ifupdown').find((p) => p.id.endsWith('coupled_control'))!;
  assert.equal(old.verdict, 'fail');
  assert.match(old.message, /iproute2 6\.10 or later/);
  assert.doesNotMatch(old.message, /Linux/);
  facts.kernel.release = 'custom';
  assert.deepEqual(checkOptionSupport(facts, [toBond({ name: 'bond0', mode: 'active-backup', slaves: ['eth1'], peer_notif_delay: 100 } as never)], 'ifupdown').map((p) => p.verdict), ['warn']);
  // Options every supported kernel has are not listed at all.
  assert.deepEqual(checkOptionSupport(facts, [toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth1'], miimon: 100 } as never)], 'ifupdown'), []);
});
