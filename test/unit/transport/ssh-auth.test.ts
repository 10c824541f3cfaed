// buildAuthMethods with real keys made by ssh-keygen: an encrypted key is decrypted once per
// process and handed to ssh2 already parsed (bcrypt-pbkdf costs ~0.5 s per decryption, and a fleet
// shares one key); a changed passphrase in the environment is a different key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuthMethods } from '../../../src/transport/ssh-auth.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsprov-auth-'));
function keygen(name: string, passphrase: string): string {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '4', '-N', passphrase, '-f', file]);
  return file;
}

describe('identity files', () => {
  const encrypted = keygen('enc', 'right horse');
  const plain = keygen('plain', '');
  const input = (file: string, env: string) => ({ user: 'u', identityFiles: [file], identityExplicit: true, passphraseEnv: env });

  it('decrypts an encrypted key once and gives ssh2 the parsed key', async () => {
    process.env.TSPROV_T_AUTH_1 = 'right horse';
    const [first] = await buildAuthMethods(input(encrypted, 'TSPROV_T_AUTH_1'));
    const [second] = await buildAuthMethods(input(encrypted, 'TSPROV_T_AUTH_1'));
    assert.equal(first?.type, 'publickey');
    const key = first?.type === 'publickey' ? first.key : undefined;
    assert.ok(key && !Buffer.isBuffer(key), 'parsed, not the file bytes');
    assert.equal(key.type, 'ssh-ed25519');
    assert.ok(second?.type === 'publickey' && second.key === key, 'the second host reuses the decrypted key');
  });

  it('a wrong passphrase is refused, and the right one set afterwards is tried afresh', async () => {
    process.env.TSPROV_T_AUTH_2 = 'wrong';
    await assert.rejects(buildAuthMethods(input(encrypted, 'TSPROV_T_AUTH_2')), /wrong passphrase for identity file/);
    process.env.TSPROV_T_AUTH_2 = 'right horse';
    const [m] = await buildAuthMethods(input(encrypted, 'TSPROV_T_AUTH_2'));
    assert.equal(m?.type, 'publickey');
  });

  it('an unencrypted key goes as its bytes; a missing default key is skipped, a missing explicit one is an error', async () => {
    const [m] = await buildAuthMethods(input(plain, 'TSPROV_T_AUTH_3'));
    assert.ok(m?.type === 'publickey' && Buffer.isBuffer(m.key));
    await assert.rejects(buildAuthMethods(input(join(dir, 'none'), 'TSPROV_T_AUTH_3')), /cannot read identity file/);
    await assert.rejects(buildAuthMethods({ ...input(join(dir, 'none'), 'TSPROV_T_AUTH_3'), identityExplicit: false }), /none of the identity files exist/);
  });
});
