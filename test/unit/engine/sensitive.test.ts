import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change } from '../../../src/core/change.ts';
import { markSensitive, secretValues } from '../../../src/engine/sensitive.ts';
import { fileDiff } from '../../../src/report/diff.ts';

test('secret var values (by name, nested, or listed in secret_vars) are collected', () => {
  const v = secretValues({ site: 'lab', db_password: 'hunter22', api: { token: 'tok-123' }, wifi: 'psk-value', secret_vars: ['wifi'] });
  assert.deepEqual(v.sort(), ['hunter22', 'psk-value', 'tok-123']);
});

test('a file rendered with a secret value is marked sensitive and its diff shows no content', () => {
  const changes: Change[] = [
    { kind: 'file', target: '/etc/app.conf', before: null, after: 'user=app\nkey=hunter22\n', reason: 'new' },
    { kind: 'file', target: '/etc/motd', before: null, after: 'hello\n', reason: 'new' },
  ];
  markSensitive(changes, ['hunter22']);
  assert.equal((changes[0] as { sensitive?: boolean }).sensitive, true);
  assert.equal((changes[1] as { sensitive?: boolean }).sensitive, undefined);
  const diff = fileDiff('h', changes[0] as Extract<Change, { kind: 'file' }>);
  assert.doesNotMatch(diff, /hunter22/);
  assert.match(diff, /content hidden/);
});
