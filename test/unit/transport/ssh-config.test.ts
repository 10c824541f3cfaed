import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expandPath, parseJumpHop, resolveTarget } from '../../../src/transport/ssh-config.ts';
import type { ConnectionSpec } from '../../../src/core/host.ts';
import { expandJumps } from '../../../src/transport/ssh.ts';
import { TransportError } from '../../../src/transport/types.ts';

const env = { home: '/home/me', localUser: 'me' };
const spec = (over: Partial<ConnectionSpec> = {}): ConnectionSpec => ({ type: 'ssh', address: 'web1', become: false, ...over });
const config = [
  'Host web1',
  '  HostName 198.18.0.2',
  '  IdentityFile ~/.ssh/web_key',
  'Host web*',
  '  User deploy',
  '  Port 2222',
  '  ProxyJump bastion',
  '  UserKnownHostsFile ~/.ssh/lab_hosts /etc/lab_hosts',
  '  StrictHostKeyChecking accept-new',
  '  ConnectTimeout 3',
  'Host bastion',
  '  HostName 10.0.0.1',
  '  User jump',
  'Host *',
  '  User nobody',
  '  IdentityFile ~/.ssh/fallback',
].join('\n');

describe('ssh config merge', () => {
  it('applies matching Host sections, first value wins', () => {
    const t = resolveTarget(spec(), config, env);
    assert.equal(t.host, '198.18.0.2');
    assert.equal(t.user, 'deploy');
    assert.equal(t.port, 2222);
    assert.deepEqual(t.identityFiles, ['/home/me/.ssh/web_key', '/home/me/.ssh/fallback']);
    assert.equal(t.identityExplicit, true);
    assert.deepEqual(t.jumps, ['bastion']);
    assert.deepEqual(t.knownHostsFiles, ['/home/me/.ssh/lab_hosts', '/etc/lab_hosts']);
    assert.equal(t.hostKeyPolicy, 'accept-new');
    assert.equal(t.connectTimeoutMs, 3000);
  });
  it('lets inventory values win over the file', () => {
    const t = resolveTarget(spec({
      port: 22, user: 'root', identityFile: '/keys/id', jump: 'other:2200', knownHostsFile: '/kh',
      hostKeyChecking: 'strict', connectTimeoutMs: 500,
    }), config, env);
    assert.deepEqual([t.port, t.user, t.identityFiles, t.jumps, t.knownHostsFiles, t.hostKeyPolicy, t.connectTimeoutMs],
      [22, 'root', ['/keys/id'], ['other:2200'], ['/kh'], 'strict', 500]);
    assert.equal(t.host, '198.18.0.2', 'HostName still maps the alias');
  });
  it('falls back to defaults without a config file', () => {
    const t = resolveTarget(spec(), undefined, env);
    assert.deepEqual([t.host, t.port, t.user, t.jumps, t.identityExplicit], ['web1', 22, 'me', [], false]);
    assert.equal(t.identityFiles[0], '/home/me/.ssh/id_ed25519');
    assert.equal(t.knownHostsFiles, undefined);
  });
  it('ProxyJump none means direct; StrictHostKeyChecking no means off', () => {
    const t = resolveTarget(spec(), 'Host *\n  ProxyJump none\n  StrictHostKeyChecking no\n', env);
    assert.deepEqual(t.jumps, []);
    assert.equal(t.hostKeyPolicy, 'off');
  });
  it('never runs Match exec', () => {
    const t = resolveTarget(spec(), 'Match exec "touch /tmp/tsprov-should-not-exist"\n  User evil\n', env);
    assert.equal(t.user, 'me');
  });
});

describe('helpers', () => {
  it('expands ~ and %-tokens', () => {
    assert.equal(expandPath('~/.ssh/%r@%h:%p', { home: '/h', host: 'x', port: 22, user: 'u', localUser: 'l' }), '/h/.ssh/u@x:22');
  });
  it('parses jump hops', () => {
    assert.deepEqual(parseJumpHop('ops@bastion:2200'), { type: 'ssh', address: 'bastion', become: false, user: 'ops', port: 2200 });
    assert.deepEqual(parseJumpHop('bastion'), { type: 'ssh', address: 'bastion', become: false });
    assert.deepEqual(parseJumpHop('[fd00::1]:22'), { type: 'ssh', address: 'fd00::1', become: false, port: 22 });
  });
});

describe('nested ProxyJump', () => {
  const hops = (jumps: string[], cfg: string) => expandJumps(jumps, cfg, env).map((h) => `${h.user}@${h.host}:${h.port}`);
  it("reaches a hop's own ProxyJump first, as OpenSSH does", () => {
    const cfg = 'Host dmz\n  HostName 10.0.0.2\n  ProxyJump ops@gw:2200\nHost gw\n  HostName 192.0.2.1\n';
    assert.deepEqual(hops(['dmz'], cfg), ['ops@192.0.2.1:2200', 'me@10.0.0.2:22']);
    assert.deepEqual(expandJumps(['dmz'], cfg, env).map((h) => h.jumps), [[], []], 'hops carry no jumps of their own any more');
  });
  it('a hop never jumps through itself (Host * ProxyJump bastion); a longer loop is an error', () => {
    assert.deepEqual(hops(['bastion'], 'Host *\n  ProxyJump bastion\n'), ['me@bastion:22']);
    assert.throws(() => hops(['x'], 'Host x\n  ProxyJump y\nHost y\n  ProxyJump x\n'), (e: unknown) => e instanceof TransportError && e.kind === 'config' && /ProxyJump loop: x → y → x/.test(e.message));
  });
});
