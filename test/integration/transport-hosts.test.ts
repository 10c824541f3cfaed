import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSsh, TransportError, type SshOptions } from '../../src/transport/index.ts';
import { linkTestHosts, startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';

const quiet: SshOptions = { onWarning: () => {}, retryBaseDelayMs: 10, retries: 0 };

describe('jump hosts, become and ssh config against real sshd', { skip: skipUnlessCi() }, () => {
  let a: TestHost;
  let b: TestHost;
  let pw: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    [a, b, pw] = await Promise.all([
      startTestHost(),
      startTestHost({ nics: ['enp1s0', 'enp2s0'], uniqueHostKey: true }),
      startTestHost({ sudo: 'password', files: { '/etc/network/interfaces': 'auto lo\niface lo inet loopback\n' } }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'tsprov-hosts-'));
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop(), pw?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reaches a host through a jump host, checking both host keys', async () => {
    const bFromA = await linkTestHosts(a, b);
    const kh = join(dir, 'jump_known_hosts');
    writeFileSync(kh, `${a.knownHostsLine}\n${bFromA} ${b.hostPublicKey}\n`);
    const spec = b.spec({ address: bFromA, jump: `root@${a.address}`, knownHostsFile: kh });
    const c = await connectSsh(spec, quiet);
    try {
      const links = (await c.exec('ip -br link')).stdout;
      assert.match(links, new RegExp(`^from${a.index}@`, 'm'), 'the command ran on B (its link from A)');
      assert.match(links, /^enp1s0@enp1s0-peer/m);
      assert.match(c.description, /via root@/);
    } finally { await c.close(); }
    writeFileSync(kh, `${a.knownHostsLine}\n`);
    await assert.rejects(connectSsh(spec, quiet), (e: unknown) => e instanceof TransportError && e.kind === 'host-key' && e.message.includes(bFromA));
  });

  it('becomes root with sudo -n for a non-root login', async () => {
    const c = await connectSsh(a.spec({ user: a.testUser, become: true }), quiet);
    try {
      assert.equal((await c.exec('id -u')).stdout.trim() === '0', false);
      const r = await c.exec('id -u; cat', { become: true, stdin: Buffer.from('via stdin\n') });
      assert.equal(r.stdout, '0\nvia stdin\n');
      assert.equal(r.exitCode, 0);
    } finally { await c.close(); }
  });

  it('is a no-op for root logins', async () => {
    const c = await connectSsh(a.spec({ become: true }), quiet);
    assert.equal((await c.exec('ps -o comm= -p $PPID', { become: true })).stdout.includes('sudo'), false);
    await c.close();
  });

  it('becomes root with a sudo password that never shows up in any output', async () => {
    const secret = pw.sudoPassword;
    process.env.TSPROV_TEST_SUDO_PW = secret;
    const c = await connectSsh(pw.spec({ user: pw.testUser, become: true, becomePasswordEnv: 'TSPROV_TEST_SUDO_PW' }), quiet);
    try {
      const r = await c.exec('id -u; cat; echo done >&2', { become: true, stdin: Buffer.from('payload\n') });
      assert.deepEqual([r.exitCode, r.stdout, r.stderr], [0, '0\npayload\n', 'done\n']);
      assert.ok(!c.description.includes(secret));
      process.env.TSPROV_TEST_SUDO_PW = 'wrong-' + secret;
      const bad = await c.exec('id -u', { become: true });
      assert.notEqual(bad.exitCode, 0);
      for (const text of [bad.stdout, bad.stderr]) assert.ok(!text.includes(secret), text);
    } finally {
      delete process.env.TSPROV_TEST_SUDO_PW;
      await c.close();
    }
    const noPw = await connectSsh(pw.spec({ user: pw.testUser, become: true }), quiet);
    const r = await noPw.exec('id -u', { become: true });
    assert.notEqual(r.exitCode, 0, 'sudo -n must fail when a password is required');
    assert.match(r.stderr, /password is required/);
    await noPw.close();
  });

  it("follows a jump host's own ProxyJump from the ssh config (root → X → Y → Z)", async () => {
    // Three fresh hosts: Y is reachable only from X, Z only from Y.
    const [x, y, z] = await Promise.all([startTestHost(), startTestHost(), startTestHost()]);
    try {
      const yFromX = await linkTestHosts(x, y);
      const zFromY = await linkTestHosts(y, z);
      const cfg = join(dir, 'nested_config');
      writeFileSync(cfg, [
        `Host hop-y\n  HostName ${yFromX}\n  User root\n  IdentityFile ${y.clientKeyPath}\n  ProxyJump hop-x`,
        `Host hop-x\n  HostName ${x.address}\n  User root\n  IdentityFile ${x.clientKeyPath}\n`,
      ].join('\n'));
      const kh = join(dir, 'nested_known_hosts');
      writeFileSync(kh, `${x.knownHostsLine}\n${yFromX} ${y.hostPublicKey}\n${zFromY} ${z.hostPublicKey}\n`);
      const conn = await connectSsh(z.spec({ address: zFromY, jump: 'hop-y', knownHostsFile: kh }), { ...quiet, sshConfigPath: cfg });
      try {
        assert.match((await conn.exec('ip -br link')).stdout, new RegExp(`^from${y.index}@`, 'm'), 'the command ran on Z (its link from Y)');
      } finally { await conn.close(); }
    } finally { await Promise.all([x.stop(), y.stop(), z.stop()]); }
  });

  it('honours ~/.ssh/config (alias, HostName, User, IdentityFile), and the inventory wins', async () => {
    const cfg = join(dir, 'ssh_config');
    writeFileSync(cfg, `Host lab-*\n  HostName ${a.address}\n  User ${a.testUser}\n  Port 2222\n  IdentityFile ${a.clientKeyPath}\n`);
    const base = { type: 'ssh' as const, address: 'lab-a', become: false, knownHostsFile: a.knownHostsPath };
    const viaConfig = await connectSsh({ ...base, port: 22 }, { ...quiet, sshConfigPath: cfg });
    assert.equal((await viaConfig.exec('id -un')).stdout, `${a.testUser}\n`);
    await viaConfig.close();
    const inventoryWins = await connectSsh({ ...base, port: 22, user: 'root' }, { ...quiet, sshConfigPath: cfg });
    assert.equal((await inventoryWins.exec('id -un')).stdout, 'root\n');
    await inventoryWins.close();
    const err = await connectSsh(base, { ...quiet, sshConfigPath: cfg }).catch((e: unknown) => e);
    assert.ok(err instanceof TransportError && err.kind === 'unreachable' && err.message.includes(':2222'), String(err));
  });

  it('shows the harness veths, never the machine interfaces', async () => {
    const c = await connectSsh(b.spec(), quiet);
    try {
      const names = (await c.exec('ls /sys/class/net')).stdout.split('\n').filter(Boolean).sort();
      assert.deepEqual(names, ['enp1s0', 'enp1s0-peer', 'enp2s0', 'enp2s0-peer', 'lo', 'mgmt0', `from${a.index}`].sort());
      assert.match((await c.exec('ip -d link show enp1s0')).stdout, /veth/);
    } finally { await c.close(); }
  });

  it('gives each host its own files, and treeHash sees writes but not reads', async () => {
    const c = await connectSsh(pw.spec(), quiet);
    try {
      assert.equal((await c.exec('cat /etc/network/interfaces')).stdout, 'auto lo\niface lo inet loopback\n');
      assert.equal((await a.execInHost('test -e /etc/network/interfaces; echo $?')).stdout, '1\n');
      const before = pw.treeHash();
      await c.exec('cat /etc/shadow /boot/* /var/backups/* >/dev/null 2>&1; ls /tmp');
      assert.equal(pw.treeHash(), before);
      await c.exec('mkdir -p /var/backups/tsprov-harness-test && echo x > /var/backups/tsprov-harness-test/marker');
      assert.notEqual(pw.treeHash(), before);
      assert.equal(existsSync('/var/backups/tsprov-harness-test'), false, "the machine's own /var is untouched");
    } finally { await c.close(); }
  });
});
