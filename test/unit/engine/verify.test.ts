/**
 * verifyBond golden cases (test/golden/verify/bond/<case>.json): a declared bond (flat YAML form)
 * against a live state captured from a real kernel (lab fixtures, or published ones), optionally
 * edited by `replace` → the exact list of [what, verdict, actual]. UPDATE_GOLDEN=1 rewrites.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { parseProcBonding } from '../../../src/facts/parse/proc-bonding.ts';
import { allHold, verifyBond } from '../../../src/engine/verify.ts';
import { liveStateScript, parseLiveState } from '../../../src/engine/live-state.ts';

const DIR = new URL('../../golden/verify/bond/', import.meta.url).pathname;
const FIXTURES = '/work/shared/lab/fixtures';

interface Case {
  description: string;
  bond: Record<string, unknown>;
  /** Path under the lab fixtures; null = the bond does not exist. */
  fixture: string | null;
  replace?: Array<[string, string]>;
  allowDegraded?: number;
  addresses?: string[];
  holds: boolean;
  expected: Array<[string, string, string]>;
}

const live = (c: Case): string | null => (c.fixture === null ? null : (c.replace ?? []).reduce((t, [a, b]) => t.replace(a, b), readFileSync(join(FIXTURES, c.fixture), 'utf8')));

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
  const path = join(DIR, file);
  const c = JSON.parse(readFileSync(path, 'utf8')) as Case;
  test(`verify/bond/${file.replace(/\.json$/, '')}: ${c.description}`, () => {
    const bond = toBond(c.bond);
    const text = live(c);
    if (c.replace) for (const [a] of c.replace) assert.ok(readFileSync(join(FIXTURES, c.fixture!), 'utf8').includes(a), `replace: fixture lacks ${a}`);
    const checks = verifyBond({ bond, state: text === null ? undefined : parseProcBonding(bond.name, text), allowDegraded: c.allowDegraded ?? 0, ...(c.addresses ? { addresses: c.addresses } : {}) });
    const got = checks.map((k) => [k.what, k.verdict, k.actual] as [string, string, string]);
    for (const k of checks) assert.equal(k.bond, bond.name);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, JSON.stringify({ ...c, holds: allHold(checks), expected: got }, null, 2) + '\n');
    else {
      assert.deepEqual(got, c.expected);
      assert.equal(allHold(checks), c.holds);
    }
  });
}

test('parseLiveState: a realistic combined output of liveStateScript for two bonds', () => {
  const script = liveStateScript(['bond0', 'bond1']);
  assert.ok(script.includes('cat /proc/net/bonding/bond0 2>/dev/null'), script);
  const up = readFileSync(join(FIXTURES, 'e1000/bond0-up.txt'), 'utf8');
  const raw = [
    '@@tsprov-live@@ bond bond0',
    up.trimEnd(),
    '@@tsprov-live@@ addr bond0',
    '4: bond0    inet 192.168.77.1/24 brd 192.168.77.255 scope global bond0\\       valid_lft forever preferred_lft forever',
    '4: bond0    inet6 fe80::5054:ff:fe08:d501/64 scope link \\       valid_lft forever preferred_lft forever',
    // bond1 does not exist: cat and ip print nothing on stdout (errors go to /dev/null).
    '@@tsprov-live@@ bond bond1',
    '@@tsprov-live@@ addr bond1',
    '',
  ].join('\n');
  const r = parseLiveState(raw);
  assert.deepEqual(Object.keys(r).sort(), ['bond0', 'bond1']);
  assert.equal(r.bond0!.state?.mode, 'balance-rr');
  assert.deepEqual(r.bond0!.state?.slaves.map((s) => [s.name, s.miiStatus]), [['eth1', 'up'], ['eth2', 'up']]);
  assert.deepEqual(r.bond0!.addresses, ['192.168.77.1/24', 'fe80::5054:ff:fe08:d501/64']);
  assert.deepEqual(r.bond1, { state: undefined, addresses: [], pings: {} });
  const checks = verifyBond({ bond: toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], address: '192.168.77.1/24' }), state: r.bond0!.state, allowDegraded: 0, addresses: r.bond0!.addresses });
  assert.ok(allHold(checks));
  assert.deepEqual(checks.at(-1), { bond: 'bond0', what: 'address 192.168.77.1/24', expected: 'on bond', actual: 'on bond', verdict: 'ok' });
});

test('verify_ping: each target becomes a check; the live script pings over the bond, quoted', async () => {
  const { liveStateScript } = await import('../../../src/engine/live-state.ts');
  const script = liveStateScript(['bond0'], { bond0: ['192.168.77.2'] });
  assert.match(script, /ping -c 1 -W 2 -I bond0 192\.168\.77\.2/);
  const raw = '@@tsprov-live@@ bond bond0\n@@tsprov-live@@ addr bond0\n@@tsprov-live@@ ping bond0 192.168.77.2\nnone\n';
  const live = parseLiveState(raw);
  assert.deepEqual(live.bond0!.pings, { '192.168.77.2': false });
  const bond = toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth1'] });
  const checks = verifyBond({ bond, state: { name: 'bond0', mode: 'balance-rr', slaves: [{ name: 'eth1', miiStatus: 'up' }] }, allowDegraded: 0, ping: ['192.168.77.2'], pings: live.bond0!.pings });
  assert.deepEqual(checks.at(-1), { bond: 'bond0', what: 'ping 192.168.77.2', expected: 'reply', actual: 'no reply', verdict: 'fail' });
});
