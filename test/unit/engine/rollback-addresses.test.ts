/** The rollback step that gives released slaves their pre-apply addresses back (src/engine/rollback-addresses.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { restoreSlaveAddresses } from '../../../src/engine/rollback-addresses.ts';

const bond = (name: string, slaves: string[]) => toBond({ name, mode: 'active-backup', slaves, miimon: 100, address: '10.99.0.1/24' } as never);
const facts = (addresses: Record<string, string[]>) => ({ ...defaultFacts(), addresses });

test('only slaves that had addresses get a step; link-local IPv6 is left to the kernel; a slave in two bonds once', () => {
  const cmds = restoreSlaveAddresses([bond('bond1', ['tspx0', 'tspx1']), bond('bond2', ['tspx0'])], facts({ tspx0: ['10.0.2.15/24', 'fec0::1/64', 'fe80::1/64'], tspx1: [] }));
  assert.equal(cmds.length, 1);
  assert.match(cmds[0]!, /^if \[ ! -e \/sys\/class\/net\/tspx0\/master \]; then ip link set dev tspx0 up; /);
  assert.match(cmds[0]!, /ip addr add 10\.0\.2\.15\/24 dev tspx0 2>\/dev\/null; ip addr add fec0::1\/64 dev tspx0 2>\/dev\/null; fi; true$/);
  assert.doesNotMatch(cmds[0]!, /fe80/);
  assert.deepEqual(restoreSlaveAddresses([bond('bond1', ['tspx0'])], defaultFacts()), [], 'no address facts: nothing');
});

test('run by sh: a slave with no master is brought up and given its addresses; one already there fails harmlessly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-rb-addr-'));
  const log = join(dir, 'ip.log');
  // A stand-in `ip` that records its argv and, like the real one, fails to add an address it has.
  writeFileSync(join(dir, 'ip'), `#!/bin/sh\necho "$*" >> '${log}'\n[ "$1 $3" = "addr 10.0.2.15/24" ] && exit 2\nexit 0\n`);
  chmodSync(join(dir, 'ip'), 0o755);
  const [cmd] = restoreSlaveAddresses([bond('bond1', ['tspx0'])], facts({ tspx0: ['10.0.2.15/24', '10.0.3.15/24'] }));
  const r = spawnSync('sh', ['-c', cmd!], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'the failed add says nothing');
  assert.equal(readFileSync(log, 'utf8'), 'link set dev tspx0 up\naddr add 10.0.2.15/24 dev tspx0\naddr add 10.0.3.15/24 dev tspx0\n');
});

test('hostile interface names stay one word', () => {
  const [cmd] = restoreSlaveAddresses([bond('bond1', ['e;th0'])], facts({ 'e;th0': ['10.0.2.15/24'] }));
  assert.match(cmd!, /'\/sys\/class\/net\/e;th0\/master'/);
  assert.match(cmd!, /ip link set dev 'e;th0' up/);
});
