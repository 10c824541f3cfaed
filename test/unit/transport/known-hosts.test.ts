import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  checkHostKey, describeRefusal, fingerprint, formatKnownHostsLine, hostFieldMatches, keyLabel, keyTypeOfBlob,
  knownKeyTypes, lookupName, parseKnownHosts,
} from '../../../src/transport/known-hosts.ts';

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const b = Buffer.from(body);
  const len = (n: number) => { const x = Buffer.alloc(4); x.writeUInt32BE(n); return x; };
  return Buffer.concat([len(t.length), t, len(b.length), b]);
}
const ed = blob('ssh-ed25519', 'A'.repeat(32));
const ed2 = blob('ssh-ed25519', 'B'.repeat(32));
const ecdsa = blob('ecdsa-sha2-nistp256', 'nistp256-key');
const rsa = blob('ssh-rsa', 'rsa-key');
const b64 = (b: Buffer) => b.toString('base64');

describe('known_hosts parsing', () => {
  it('reads plain, bracketed, marked and commented lines with file:line', () => {
    const text = [
      '# comment', '',
      `web1,198.18.0.2 ssh-ed25519 ${b64(ed)} root@web1`,
      `[198.18.0.6]:2222 ecdsa-sha2-nistp256 ${b64(ecdsa)}`,
      `@revoked * ssh-rsa ${b64(rsa)}`,
      `@bogus host ssh-rsa ${b64(rsa)}`,
      'truncated-line ssh-rsa',
    ].join('\n');
    const e = parseKnownHosts(text, '/kh');
    assert.equal(e.length, 3);
    assert.deepEqual(e.map((x) => [x.hosts, x.keyType, x.line, x.marker]), [
      ['web1,198.18.0.2', 'ssh-ed25519', 3, undefined],
      ['[198.18.0.6]:2222', 'ecdsa-sha2-nistp256', 4, undefined],
      ['*', 'ssh-rsa', 5, 'revoked'],
    ]);
    assert.equal(e[0]?.file, '/kh');
  });
});

describe('host matching', () => {
  it('uses [host]:port only for non-22 ports', () => {
    assert.equal(lookupName('h', 22), 'h');
    assert.equal(lookupName('h', 2222), '[h]:2222');
  });
  it('matches comma lists, wildcards and case-insensitively; negation vetoes', () => {
    assert.ok(hostFieldMatches('a,web1,b', 'web1'));
    assert.ok(hostFieldMatches('WEB?', 'web1'));
    assert.ok(hostFieldMatches('198.18.*', '198.18.0.2'));
    assert.ok(!hostFieldMatches('web*,!web2', 'web2'));
    assert.ok(!hostFieldMatches('web1', '[web1]:2222'));
    assert.ok(hostFieldMatches('[web1]:2222', '[web1]:2222'));
    assert.ok(!hostFieldMatches('web.1', 'webx1'), 'dots are literal');
  });
  it('matches hashed entries with HMAC-SHA1 of the lookup name', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[10.0.0.1]:2222').digest('base64');
    const field = `|1|${salt.toString('base64')}|${hash}`;
    assert.ok(hostFieldMatches(field, '[10.0.0.1]:2222'));
    assert.ok(!hostFieldMatches(field, '10.0.0.1'));
  });
});

describe('host key verdicts', () => {
  const entries = parseKnownHosts([
    `web1 ssh-ed25519 ${b64(ed)}`,
    `web2 ecdsa-sha2-nistp256 ${b64(ecdsa)}`,
    `@revoked * ssh-rsa ${b64(rsa)}`,
  ].join('\n'), '/kh');

  it('matches, detects a changed key and an unknown host', () => {
    assert.equal(checkHostKey(entries, 'web1', ed).kind, 'match');
    assert.equal(checkHostKey(entries, 'web1', ed2).kind, 'changed');
    assert.equal(checkHostKey(entries, 'web3', ed).kind, 'unknown');
  });
  it('revocation wins even for an otherwise unknown host', () => {
    assert.equal(checkHostKey(entries, 'anything', rsa).kind, 'revoked');
  });
  it('a key of another type for a known host counts as changed', () => {
    assert.equal(checkHostKey(entries, 'web2', ed).kind, 'changed');
  });
  it('lists known key types so the server can be asked for them first', () => {
    assert.deepEqual(knownKeyTypes(entries, 'web2'), ['ecdsa-sha2-nistp256']);
  });
  it('prints an OpenSSH-like refusal with the SHA256 fingerprint and offending line', () => {
    const msg = describeRefusal(checkHostKey(entries, 'web1', ed2), 'web1', ed2);
    assert.match(msg, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.ok(msg.includes(fingerprint(ed2)));
    assert.ok(msg.includes('/kh:1'));
  });
});

describe('key helpers', () => {
  it('computes the OpenSSH SHA256 fingerprint (unpadded base64)', () => {
    const expected = 'SHA256:' + createHash('sha256').update(ed).digest('base64').replace(/=+$/, '');
    assert.equal(fingerprint(ed), expected);
    assert.ok(!fingerprint(ed).endsWith('='));
  });
  it('reads key types and labels', () => {
    assert.equal(keyTypeOfBlob(ecdsa), 'ecdsa-sha2-nistp256');
    assert.deepEqual(['ssh-ed25519', 'ecdsa-sha2-nistp384', 'ssh-rsa'].map(keyLabel), ['ED25519', 'ECDSA', 'RSA']);
  });
  it('formats a line that parses back to a match', () => {
    const line = formatKnownHostsLine('[h]:2200', ed);
    assert.equal(checkHostKey(parseKnownHosts(line), '[h]:2200', ed).kind, 'match');
  });
});
