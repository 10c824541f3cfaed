/**
 * `state: absent` through the planner: the removed bond's files change, the reload handler takes
 * the live bond away (releasing its live slaves too), verify expects it gone, and a host where it
 * is already gone plans nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { parseProcBonding } from '../../../src/facts/parse/proc-bonding.ts';
import { planHost, type PlanScope } from '../../../src/engine/plan-host.ts';
import { verifyBond } from '../../../src/engine/verify.ts';
import { checkPreconditions } from '../../../src/modules/preconditions.ts';
import { extra, host, play, task } from './fixtures.ts';

const LIVE = parseProcBonding('bond0', readFileSync('/work/shared/lab/fixtures/e1000/bond0-up.txt', 'utf8'));
const NETWORKD = '/etc/systemd/network';
const absent = { name: 'bond0', state: 'absent' };
const p = play([task('bond', {}, { name: 'bonds', notify: ['reload bonds'] })], [task('bond_reload', {}, { name: 'reload bonds' })]);
const scope = (bonds: Record<string, unknown>[]): PlanScope => ({ play: p, host: host(), bonds: bonds.map(toBond), backend: 'networkd', tags: [], skipTags: [] });

function facts(live: boolean, files: Record<string, string | null>) {
  const f = defaultFacts();
  if (live) f.bonds.bond0 = LIVE;
  f.files = { ...files };
  return f;
}

const owned = (name: string, body: string): string => `# Managed by tsprov: bond bond0${name}. Local edits will be overwritten.\n${body}`;
const FILES = {
  [`${NETWORKD}/10-tsprov-bond0.netdev`]: owned('', '[NetDev]\nName=bond0\nKind=bond\n'),
  [`${NETWORKD}/10-tsprov-bond0-eth1.network`]: owned(', slave eth1', '[Match]\nName=eth1\n\n[Network]\nBond=bond0\n'),
  [`${NETWORKD}/20-wired.network`]: '[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n',
};

test('removal plans the files away, a reload that deletes the bond and gives the live slaves back, and a verify that expects it gone', () => {
  const r = planHost(scope([absent]), facts(true, FILES), extra(), false);
  const t = r.tasks[0]!;
  assert.equal(t.status, 'changed');
  assert.deepEqual(t.changes.map((c) => [c.target, c.after]), [[`${NETWORKD}/10-tsprov-bond0-eth1.network`, null], [`${NETWORKD}/10-tsprov-bond0.netdev`, null]]);
  assert.deepEqual(t.reload, ['bond0']);
  const live = LIVE.slaves.map((s) => s.name);
  assert.deepEqual(t.verify.map((v) => [v.bond.name, v.bond.state, v.bond.slaves]), [['bond0', 'absent', live]]);
  const cmds = r.handlers[0]!.commands.join('\n');
  assert.match(cmds, /^ip link del dev bond0 /m);
  for (const s of live) assert.match(cmds, new RegExp(`^networkctl reconfigure -- ${s} `, 'm'));
  assert.doesNotMatch(cmds, /while \[ ! -e \/sys\/class\/net\/bond0 \]/, 'never waits for the removed bond to appear');
});

test('a bond already gone (no files, not live) plans nothing and says so', () => {
  const r = planHost(scope([absent]), facts(false, { [`${NETWORKD}/20-wired.network`]: FILES[`${NETWORKD}/20-wired.network`]! }), extra(), false);
  assert.equal(r.tasks[0]!.status, 'ok');
  assert.equal(r.tasks[0]!.noop, 'bond0 already absent');
  assert.deepEqual(r.handlers, []);
});

test('a bond gone from the files but still live is taken away by the reload alone', () => {
  const r = planHost(scope([absent]), facts(true, {}), extra(), false);
  assert.deepEqual(r.tasks[0]!.reload, ['bond0']);
  assert.match(r.tasks[0]!.changes[0]!.reason, /live bond0 is to be removed/);
});

test('verify of a removed bond: gone holds, still there fails naming its slaves', () => {
  const bond = { ...toBond(absent), slaves: ['eth1'] };
  assert.deepEqual(verifyBond({ bond, state: undefined, allowDegraded: 0 }).map((c) => [c.what, c.actual, c.verdict]), [['removed', 'absent', 'ok']]);
  const still = verifyBond({ bond, state: LIVE, allowDegraded: 0 });
  assert.equal(still.length, 1);
  assert.equal(still[0]!.verdict, 'fail');
  assert.match(still[0]!.actual, /^present \(eth\d/);
});

test('preconditions of a removal: the backend tool and the management path only, never the driver', () => {
  const f = facts(true, {});
  f.management = { ...f.management, interface: 'bond0', sshClientIp: '192.0.2.1' };
  const list = checkPreconditions({ facts: f, bonds: [toBond(absent)], backend: 'networkd', mayInstallPackages: true });
  assert.deepEqual(list.map((c) => c.id), ['command.networkctl', 'management.interface']);
  assert.match(list[1]!.message, /runs over bond0, which is to be removed/);
});
