import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, resolveHosts } from '../../src/inventory/index.ts';
import { connectSsh, TransportError, type SshOptions } from '../../src/transport/index.ts';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';

// Ansible-only connection vars, resolved by the inventory layer, drive a real connection to a
// real sshd: legacy ansible_ssh_host/_port, UserKnownHostsFile from ansible_ssh_common_args, -u.
describe('Ansible connection vars take effect against real sshd', { skip: skipUnlessCi() }, () => {
  let h: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    h = await startTestHost();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-connvars-'));
  });
  after(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  // No ~/.ssh/config of whoever runs the test may interfere.
  const opts = (): SshOptions => ({ onWarning: () => {}, retries: 0, retryBaseDelayMs: 10, useAgent: false, sshConfigPath: join(dir, 'no-config') });
  const inventory = (knownHosts: string, extra = ''): string => {
    const file = join(dir, `inv-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, [
      'all:', '  hosts:', '    box:',
      `      ansible_ssh_host: ${h.address}`, `      ansible_ssh_port: ${h.port}`,
      `      ansible_ssh_private_key_file: ${h.clientKeyPath}`,
      `      ansible_ssh_common_args: "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=${knownHosts}"`, extra, '',
    ].join('\n'));
    return file;
  };

  it('connects with the legacy names and the known_hosts file named in ssh_common_args; -u sets the login', async () => {
    const [box] = resolveHosts(loadInventory([inventory(h.knownHostsPath)]), ['box'], { user: h.testUser });
    const c = await connectSsh(box!.connection, opts());
    try {
      assert.equal((await c.exec('id -un')).stdout.trim(), h.testUser);
    } finally { await c.close(); }
  });

  it('an inventory ansible_user beats -u, as in Ansible', async () => {
    const [box] = resolveHosts(loadInventory([inventory(h.knownHostsPath, '      ansible_user: root')]), ['box'], { user: h.testUser });
    const c = await connectSsh(box!.connection, opts());
    try {
      assert.equal((await c.exec('id -un')).stdout.trim(), 'root');
    } finally { await c.close(); }
  });

  it('the UserKnownHostsFile really is the one checked: an empty one refuses the host key', async () => {
    const empty = join(dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const [box] = resolveHosts(loadInventory([inventory(empty)]), ['box'], { user: h.testUser });
    await assert.rejects(connectSsh(box!.connection, opts()), (e: unknown) => e instanceof TransportError && e.kind === 'host-key');
  });

  it('templated ansible_host, _port and _user are rendered per host and reach sshd', async () => {
    const file = join(dir, 'templated.yml');
    writeFileSync(file, [
      'all:', '  vars:', `    mgmt_net: "${h.address}"`, `    ssh_p: "${h.port}"`, `    login: ${h.testUser}`,
      '    ansible_host: "{{ mgmt_net }}"', '    ansible_port: "{{ ssh_p }}"', '    ansible_user: "{{ login }}"',
      `    ansible_ssh_private_key_file: ${h.clientKeyPath}`,
      `    ansible_ssh_common_args: "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=${h.knownHostsPath}"`,
      '  hosts:', '    box:', '',
    ].join('\n'));
    const [box] = resolveHosts(loadInventory([file]), ['box']);
    assert.equal(box!.connection.port, h.port);
    const c = await connectSsh(box!.connection, opts());
    try {
      assert.equal((await c.exec('id -un')).stdout.trim(), h.testUser);
    } finally { await c.close(); }
  });
});
