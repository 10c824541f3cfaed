import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connectionDefaults } from '../../../src/cli/connection-flags.ts';

test('flags become ConnectionDefaults; arg strings checked, unsupported options warned', () => {
  const warnings: string[] = [];
  const d = connectionDefaults({ user: 'ops', privateKey: '/k', become: true, becomeUser: 'root', sshCommonArgs: '-p 2222 -C' }, (w) => warnings.push(w));
  assert.deepEqual(d, { user: 'ops', identityFile: '/k', become: true, becomeUser: 'root', sshCommonArgs: '-p 2222 -C' });
  assert.deepEqual(warnings, ["--ssh-common-args: -C: recognised but not supported (tsprov's SSH transport does not compress); ignored"]);
  assert.throws(() => connectionDefaults({ sshExtraArgs: '-p 0' }, () => {}), /--ssh-extra-args: -p 0: port must be 1-65535/);
});

test('-k is refused clearly, exit 1, before any host is reached', () => {
  const r = spawnSync(process.execPath, ['bin/tsprov.js', 'facts', '-i', 'test/golden/config/valid/connvars.yml', '-k'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /-k\/--ask-pass is not supported: tsprov logs in with keys or the ssh agent only/);
});
