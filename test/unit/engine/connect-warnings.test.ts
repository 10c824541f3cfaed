import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { makeConnector } from '../../../src/engine/connect.ts';
import { host } from './fixtures.ts';
import { closedPort } from '../../harness/ports.ts';


test('a retry warning names the inventory host, not only user@address', async () => {
  const warnings: string[] = [];
  const connect = makeConnector({ onWarning: (m) => warnings.push(m), retryBaseDelayMs: 1, useAgent: false, sshConfigPath: '/dev/null' });
  // Auth methods are built before connecting, so the host needs a key (never offered: nothing listens).
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-connect-'));
  const identityFile = join(dir, 'id');
  writeFileSync(identityFile, ssh2.utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
  const web1 = host();
  web1.connection = { type: 'ssh', address: '127.0.0.1', port: await closedPort(), user: 'deploy', identityFile, become: false, connectRetries: 1 };
  try {
    await assert.rejects(connect(web1), /unreachable/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /^web1: .*retrying in 1 ms \(attempt 2 of 2\)$/);
});
