import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { tsprov } from './support/fleet.ts';

/**
 * ansible-playbook's connection flags through the real CLI against a real sshd: `-u`,
 * `--private-key`, `-b`, `--become-user` fill in what the inventory leaves out, the inventory's
 * own ansible_user still wins over `-u`, and `-vv` shows the connection they produced.
 */
describe('connection flags (-u, --private-key, -b, --become-user) on a real sshd test host', { skip: skipUnlessCi() }, () => {
  let h: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    h = await startTestHost();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-flags-'));
  });
  after(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const inventory = (vars: Record<string, unknown> = {}): string => {
    const file = join(dir, `inv-${Object.keys(vars).join('-') || 'bare'}.yml`);
    writeFileSync(file, stringify({ all: { hosts: { box: { ansible_host: h.address, ansible_port: h.port, known_hosts_file: h.knownHostsPath, ...vars } } } }));
    return file;
  };

  it('the flags supply user, key and become where the inventory has none', async () => {
    const r = await tsprov(['facts', '-i', inventory(), '-u', h.testUser, '--private-key', h.clientKeyPath, '-b', '--become-user', 'root', '-vv', '--json']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.err, new RegExp(`CONNECTION ssh ${h.testUser}@${h.address.replace(/\./g, '\\.')}:${h.port} · keys ${h.clientKeyPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.match(r.err, /become sudo to root/);
  });

  it('without them the login fails: the key and user came from the flags', async () => {
    const r = await tsprov(['facts', '-i', inventory(), '-u', h.testUser, '--json']);
    assert.equal(r.code, 4, `unreachable without a key; ${r.out}${r.err}`);
  });

  it('ansible_user in the inventory wins over -u, as in Ansible', async () => {
    const r = await tsprov(['facts', '-i', inventory({ ansible_user: 'root' }), '-u', 'nobody-such', '--private-key', h.clientKeyPath, '-vv', '--json']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.err, /CONNECTION ssh root@/);
  });
});
