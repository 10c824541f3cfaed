/** The one secret rule (core/secrets.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, MASK, redactDeep, redactText } from '../../../src/core/secrets.ts';
import { formatPath } from '../../../src/config/source.ts';
import { maskSecrets } from '../../../src/inventory/secrets.ts';

test("Ansible's password vars are secret by name; ordinary vars and secret_vars itself are not", () => {
  for (const k of ['ansible_ssh_pass', 'ansible_become_pass', 'ansible_sudo_pass', 'ansible_password', 'ansible_become_password', 'ansible_ssh_private_key_passphrase', 'db_password', 'api_token', 'wifi_psk', 'PASS']) {
    assert.equal(isSecretName(k), true, k);
  }
  for (const k of ['ansible_user', 'ansible_host', 'passive', 'bypass_cache', 'compass', 'secret_vars', 'bonds']) assert.equal(isSecretName(k), false, k);
});

test('maskSecrets hides every Ansible password var and every secret_vars var', () => {
  const m = maskSecrets({ ansible_ssh_pass: 'a1', ansible_become_pass: 'b2', ansible_sudo_pass: 'c3', vault: 'd4', plain: 'e5', secret_vars: ['vault'] });
  assert.deepEqual(m, { ansible_ssh_pass: MASK, ansible_become_pass: MASK, ansible_sudo_pass: MASK, vault: MASK, plain: 'e5', secret_vars: ['vault'] });
});

test('redactText hides the longest value first, bare values of 3+ chars, quoted values of any length', () => {
  assert.equal(redactText('got hunter22 and hunter2', ['hunter2', 'hunter22']), `got ${MASK} and ${MASK}`);
  assert.equal(redactText('got "ab" then ab', ['ab']), `got "${MASK}" then ab`);
  assert.equal(redactText('nothing here', []), 'nothing here');
});

test('redactDeep copies plain data with every string redacted, numbers and booleans kept', () => {
  const src = { message: 'auth failed: hunter2', n: 3, ok: true, list: ['x hunter2 y'], nested: { e: 'hunter2' } };
  assert.deepEqual(redactDeep(src, ['hunter2']), { message: `auth failed: ${MASK}`, n: 3, ok: true, list: [`x ${MASK} y`], nested: { e: MASK } });
  assert.equal(src.message, 'auth failed: hunter2', 'never mutates');
});

test('a YAML path below a secret key masks the keys that are really its value', () => {
  assert.equal(formatPath(['all', 'hosts', 'web1', 'ansible_become_pass', 'hunter2']), 'all.hosts.web1.ansible_become_pass.********');
  assert.equal(formatPath(['all', 'hosts', 'web1', 'bonds', 0, 'mode']), 'all.hosts.web1.bonds[0].mode');
});
