import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectSsh, fingerprint, TransportError, type SshOptions } from '../../src/transport/index.ts';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { mustRun } from '../harness/proc.ts';
import { closedPort } from '../harness/ports.ts';

const quiet: SshOptions = { onWarning: () => {}, retryBaseDelayMs: 10 };

async function rejection(p: Promise<unknown>): Promise<TransportError> {
  try { await p; } catch (err) { assert.ok(err instanceof TransportError, `expected TransportError, got ${String(err)}`); return err; }
  assert.fail('expected the connection to fail');
}

function blobOf(publicKey: string): Buffer {
  return Buffer.from(publicKey.split(' ')[1] ?? '', 'base64');
}

/** A well-formed ed25519 key blob that is not the host's. */
function otherKeyLine(name: string): string {
  const type = Buffer.from('ssh-ed25519');
  const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
  return `${name} ssh-ed25519 ${blob.toString('base64')}`;
}

describe('ssh transport against a real sshd', { skip: skipUnlessCi() }, () => {
  let host: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    host = await startTestHost({ nics: ['eth0', 'eth1'] });
    dir = mkdtempSync(join(tmpdir(), 'tsprov-transport-'));
  });
  after(async () => {
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('returns stdout, stderr, exit code and feeds stdin', async () => {
    const c = await connectSsh(host.spec(), quiet);
    try {
      const r = await c.exec('echo out; echo err >&2; cat; exit 7', { stdin: Buffer.from('from stdin\n') });
      assert.equal(r.exitCode, 7);
      assert.equal(r.stdout, 'out\nfrom stdin\n');
      assert.equal(r.stderr, 'err\n');
      assert.ok(r.durationMs > 0);
      assert.match(c.description, /^ssh root@198\.18\.\d+\.\d+:22$/);
    } finally { await c.close(); }
  });

  it('close() lets go of the socket even when the host vanished and never answers the close', async () => {
    const gone = await startTestHost({ nics: [] });
    const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const baseline = sockets();
    const c = await connectSsh(gone.spec(), quiet);
    assert.equal((await c.exec('true')).exitCode, 0);
    assert.equal(sockets(), baseline + 1);
    // Closed, and the host's namespace torn down at once, as a test's `after` does: our FIN can
    // go unanswered, and a half-closed socket would keep the process alive (a test file once
    // hung like that in CI, its socket in FIN_WAIT1).
    await c.close();
    await gone.stop();
    const deadline = Date.now() + 20_000;
    while (sockets() > baseline && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(sockets(), baseline, 'the socket was destroyed');
  });

  it('reuses one connection for many execs', async () => {
    const c = await connectSsh(host.spec(), quiet);
    try {
      for (let i = 0; i < 10; i++) assert.equal((await c.exec(`echo ${i}`)).stdout, `${i}\n`);
      assert.equal(c.execCount, 10);
      const ss = await host.execInHost(`ss -Htn state established '( sport = :22 )' | wc -l`);
      assert.equal(ss.stdout.trim(), '1');
    } finally { await c.close(); }
  });

  it('closes the channel on timeout and abort, and the connection stays usable', async () => {
    const c = await connectSsh(host.spec(), quiet);
    try {
      const t = await rejection(c.exec('sleep 5', { timeoutMs: 200 }));
      assert.equal(t.kind, 'timeout');
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      await assert.rejects(c.exec('sleep 5', { signal: ac.signal }), { name: 'AbortError' });
      assert.equal((await c.exec('echo alive')).stdout, 'alive\n');
    } finally { await c.close(); }
  });

  it('refuses a changed host key under strict, naming the fingerprint, without retrying', async () => {
    const kh = join(dir, 'changed');
    writeFileSync(kh, otherKeyLine(host.address) + '\n');
    let retries = 0;
    const err = await rejection(connectSsh(host.spec({ knownHostsFile: kh }), { ...quiet, onRetry: () => retries++ }));
    assert.equal(err.kind, 'host-key');
    assert.equal(err.transient, false);
    assert.match(err.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.ok(err.message.includes(fingerprint(blobOf(host.hostPublicKey))), err.message);
    assert.equal(retries, 0);
  });

  it('a pinned key stands in for known_hosts at a new address; any other key is refused', async () => {
    // What verification after a moved management address relies on: the key this host proved.
    const empty = join(dir, 'pinned-empty');
    const conn = await connectSsh(host.spec({ knownHostsFile: empty }), { ...quiet, pinnedHostKey: blobOf(host.hostPublicKey) });
    try {
      assert.equal((await conn.exec('echo pinned')).stdout, 'pinned\n');
      assert.deepEqual(Buffer.from(conn.hostKey!), blobOf(host.hostPublicKey), 'the connection reports the key it verified');
    } finally {
      await conn.close();
    }
    const other = blobOf(otherKeyLine('x').split(' ').slice(1).join(' '));
    const err = await rejection(connectSsh(host.spec({ knownHostsFile: empty }), { ...quiet, pinnedHostKey: other }));
    assert.equal(err.kind, 'host-key');
    assert.match(err.message, /not the key .* this host proved at its old address/);
  });

  it('refuses an unknown host key under strict', async () => {
    const err = await rejection(connectSsh(host.spec({ knownHostsFile: join(dir, 'missing') }), quiet));
    assert.equal(err.kind, 'host-key');
    assert.ok(err.message.includes(fingerprint(blobOf(host.hostPublicKey))));
  });

  it('accept-new records an unknown key (0600 file), then still refuses a changed one', async () => {
    const kh = join(dir, 'sub', 'accept-new');
    const warnings: string[] = [];
    const c = await connectSsh(host.spec({ knownHostsFile: kh, hostKeyChecking: 'accept-new' }), { ...quiet, onWarning: (m) => warnings.push(m) });
    await c.close();
    assert.equal(readFileSync(kh, 'utf8'), host.knownHostsLine + '\n');
    assert.equal(statSync(kh).mode & 0o777, 0o600);
    assert.ok(warnings.some((w) => w.includes('Permanently added')));
    await (await connectSsh(host.spec({ knownHostsFile: kh }), quiet)).close();
    writeFileSync(kh, otherKeyLine(host.address) + '\n');
    const err = await rejection(connectSsh(host.spec({ knownHostsFile: kh, hostKeyChecking: 'accept-new' }), quiet));
    assert.equal(err.kind, 'host-key');
  });

  it('accepts a hashed known_hosts entry', async () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update(host.address).digest('base64');
    const kh = join(dir, 'hashed');
    writeFileSync(kh, `|1|${salt.toString('base64')}|${hash} ${host.hostPublicKey}\n`);
    const c = await connectSsh(host.spec({ knownHostsFile: kh }), quiet);
    assert.equal((await c.exec('echo ok')).stdout, 'ok\n');
    await c.close();
  });

  it('off accepts any key but warns loudly', async () => {
    const warnings: string[] = [];
    const c = await connectSsh(host.spec({ knownHostsFile: join(dir, 'none'), hostKeyChecking: 'off' }), { ...quiet, onWarning: (m) => warnings.push(m) });
    await c.close();
    assert.ok(warnings.some((w) => /host key checking is OFF/.test(w)));
  });

  it('classifies a wrong key as auth, never retried', async () => {
    const wrong = join(dir, 'wrong_key');
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    let retries = 0;
    const err = await rejection(connectSsh(host.spec({ identityFile: wrong }), { ...quiet, onRetry: () => retries++ }));
    assert.equal(err.kind, 'auth');
    assert.equal(retries, 0);
  });

  it('uses an encrypted identity file with the passphrase from the environment', async () => {
    const key = join(dir, 'encrypted_key');
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'k3y-pass', '-f', key]);
    // authorized_keys is shared by this process's hosts and read by sshd at each login.
    appendFileSync(join(dirname(host.clientKeyPath), 'authorized_keys'), readFileSync(key + '.pub'));
    const noPass = await rejection(connectSsh(host.spec({ identityFile: key }), { ...quiet, passphraseEnv: 'TSPROV_TEST_NO_SUCH_VAR' }));
    assert.equal(noPass.kind, 'config');
    assert.match(noPass.message, /encrypted/);
    process.env.TSPROV_TEST_PASSPHRASE = 'k3y-pass';
    try {
      const c = await connectSsh(host.spec({ identityFile: key }), { ...quiet, passphraseEnv: 'TSPROV_TEST_PASSPHRASE' });
      assert.equal((await c.exec('echo in')).stdout, 'in\n');
      await c.close();
    } finally { delete process.env.TSPROV_TEST_PASSPHRASE; }
  });

  it('verifies RSA and ECDSA host keys too', async () => {
    const others = await Promise.all([startTestHost({ hostKeyType: 'rsa', nics: [] }), startTestHost({ hostKeyType: 'ecdsa', nics: [] })]);
    try {
      for (const h of others) {
        const c = await connectSsh(h.spec(), quiet);
        assert.equal((await c.exec('echo ok')).stdout, 'ok\n');
        await c.close();
        const kh = join(dir, `changed-${h.index}`);
        writeFileSync(kh, otherKeyLine(h.address) + '\n' + h.knownHostsLine + '\n');
        await (await connectSsh(h.spec({ knownHostsFile: kh }), quiet)).close();
      }
    } finally { await Promise.all(others.map((h) => h.stop())); }
  });

  it('reports a missing identity file as a config error', async () => {
    const err = await rejection(connectSsh(host.spec({ identityFile: join(dir, 'nope') }), quiet));
    assert.equal(err.kind, 'config');
  });

  it('classifies a closed port as unreachable and retries it', async () => {
    const port = await closedPort();
    let retries = 0;
    const err = await rejection(connectSsh(host.spec({ address: '127.0.0.1', port }), { ...quiet, retries: 2, onRetry: () => retries++ }));
    assert.equal(err.kind, 'unreachable');
    assert.equal(err.transient, true);
    assert.equal(retries, 2);
  });

  it('classifies a silent listener as timeout and retries it', async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const err = await rejection(connectSsh(host.spec({ address: '127.0.0.1', port, connectTimeoutMs: 300 }), { ...quiet, retries: 1 }));
      assert.equal(err.kind, 'timeout');
      assert.equal(sockets.length, 2, 'one retry after the first attempt');
    } finally {
      sockets.forEach((s) => s.destroy());
      await closeServer(server);
    }
  });
});

function closeServer(s: Server): Promise<void> {
  return new Promise((r) => s.close(() => r()));
}
