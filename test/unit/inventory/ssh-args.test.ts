import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSshArgs, shellWords } from '../../../src/inventory/ssh-args.ts';
import { mapSshArgs } from '../../../src/inventory/ssh-args-map.ts';

test('shellWords splits like POSIX sh / shlex.split', () => {
  assert.deepEqual(shellWords(`-o 'ProxyJump a@b' -o "User=x y" a\\ b -o X="q\\"z"`), ['-o', 'ProxyJump a@b', '-o', 'User=x y', 'a b', '-o', 'X=q"z']);
  assert.deepEqual(shellWords('  -C   -q  '), ['-C', '-q']);
  assert.deepEqual(shellWords('#not-a-comment'), ['#not-a-comment']);
  assert.equal(shellWords(`-o 'open`), undefined);
  assert.equal(shellWords(`-o "open`), undefined);
});

test('every spelling of an ssh option: -o K=V, -oK=V, -o "K V", -o K = V, -p, -i, -J, -F, -l', () => {
  const r = parseSshArgs(`-o Port=2201 -oUser=ops -o 'ProxyJump j@h:2' -o "ConnectTimeout = 7" -p2202 -i /k -J x -F /cfg -l bob`);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.args.map((a) => [a.key, a.value]), [
    ['port', '2201'], ['user', 'ops'], ['proxyjump', 'j@h:2'], ['connecttimeout', '7'], ['port', '2202'],
    ['identityfile', '/k'], ['proxyjump', 'x'], ['-F', '/cfg'], ['user', 'bob'],
  ]);
});

test('clustered flags: -4Cq is three flags, -Cp 22 ends in an option with its value', () => {
  const r = parseSshArgs('-4Cq -Cp 22');
  assert.deepEqual(r.args.map((a) => a.key), ['-4', '-C', '-q', '-C', 'port']);
  assert.equal(r.args.at(-1)!.value, '22');
});

test('malformed words are named, not dropped', () => {
  const r = parseSshArgs('-o ProxyJump bastion -Z -p');
  assert.deepEqual(r.problems, [
    '-o ProxyJump is not Key=Value (write -o ProxyJump=VALUE or -o \'ProxyJump VALUE\'); ignored',
    '"bastion" is not an ssh option (ssh would take it as the destination); ignored',
    '-Z is not an ssh option; ignored',
    '-p needs a value; ignored',
  ]);
  assert.match(parseSshArgs(`-o 'x`).problems[0]!, /unterminated quote/);
});

test('honoured options map onto the transport; the first value wins, as in ssh', () => {
  const m = mapSshArgs([
    '-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=/tmp/kh -p 2200 -o Port=9',
    '-o ServerAliveInterval=15 -o ServerAliveCountMax=3 -o HostKeyAlias=web -o ConnectionAttempts=4 -o IdentitiesOnly=yes -i /a -i /b -o ConnectTimeout=2.5 -l u -F /etc/x',
  ]);
  assert.deepEqual(m.settings, {
    hostKeyChecking: 'accept-new', knownHostsFile: '/tmp/kh', port: 2200, keepaliveIntervalMs: 15000, keepaliveCountMax: 3,
    hostKeyAlias: 'web', connectRetries: 3, identitiesOnly: true, identityFile: '/a', connectTimeoutMs: 2500, user: 'u', sshConfigFile: '/etc/x',
  });
  assert.deepEqual(m.errors, []);
  assert.deepEqual(m.warnings, ['-i /b: only the first identity file is used; ignored']);
});

test('StrictHostKeyChecking values map like ssh: yes/ask strict, no/off off', () => {
  for (const [v, want] of [['yes', 'strict'], ['ask', 'strict'], ['no', 'off'], ['off', 'off'], ['accept-new', 'accept-new']]) {
    assert.equal(mapSshArgs([`-o StrictHostKeyChecking=${v}`]).settings.hostKeyChecking, want, v);
  }
  assert.match(mapSshArgs(['-o StrictHostKeyChecking=maybe']).errors[0]!, /StrictHostKeyChecking=maybe: StrictHostKeyChecking must be/);
});

test('unsupported options get a warning naming the option; restating tsprov defaults is silent', () => {
  const m = mapSshArgs(['-C -o ControlMaster=auto -o ControlPersist=60s -o ProxyCommand="nc %h %p" -o BatchMode=yes -o PasswordAuthentication=no -o BatchMode=no']);
  assert.deepEqual(m.warnings, [
    "-C: recognised but not supported (tsprov's SSH transport does not compress); ignored",
    '-o ControlMaster=auto: recognised but not supported (tsprov keeps one connection per host open for the whole run); ignored',
    '-o ControlPersist=60s: recognised but not supported (tsprov keeps one connection per host open for the whole run); ignored',
    '-o ProxyCommand=nc %h %p: recognised but not supported (tsprov runs no local commands to connect; use ProxyJump (-J) instead); ignored',
    "-o BatchMode=no: recognised but not supported (no equivalent in tsprov's SSH transport); ignored",
  ]);
});

test('bad values of honoured options are errors naming the option', () => {
  const m = mapSshArgs(['-p 0 -o ConnectTimeout=soon -J "a b"']);
  assert.deepEqual(m.errors, [
    '-p 0: port must be 1-65535, got "0"',
    '-o ConnectTimeout=soon: ConnectTimeout must be a positive number of seconds; got "soon"',
    '-J a b: jump host must look like [user@]host[:port][,...]; got "a b"',
  ]);
  assert.deepEqual(m.settings, {});
});

test('ProxyJump none is kept (it switches an ssh-config jump off) and multi-hop jumps pass', () => {
  assert.equal(mapSshArgs(['-o ProxyJump=none']).settings.jump, 'none');
  assert.equal(mapSshArgs(['-J a@h1:2,h2']).settings.jump, 'a@h1:2,h2');
});
