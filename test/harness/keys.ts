import { mkdirSync, readFileSync, existsSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun } from './proc.ts';
import { processDir } from './registry.ts';

/**
 * Keys are generated once per process and shared by every host it starts, so starting hundreds
 * of hosts costs no key generation. A host can ask for a key of its own (uniqueHostKey).
 */
export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';
const pending = new Map<string, Promise<string>>();

export async function generateKey(path: string, type: HostKeyType, comment: string): Promise<string> {
  const args = ['-q', '-t', type, '-N', '', '-C', comment, '-f', path];
  if (type === 'rsa') args.push('-b', '3072');
  await mustRun('ssh-keygen', args);
  return path;
}

function once(name: string, make: () => Promise<string>): Promise<string> {
  let p = pending.get(name);
  if (!p) { p = make(); pending.set(name, p); }
  return p;
}

export function ensureProcessDir(): string {
  const dir = processDir();
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  // The non-root test user reads authorized_keys below this directory.
  chmodSync(dir, 0o755);
  return dir;
}

/** The client key every test host authorizes, plus the shared authorized_keys file. */
export function clientKey(): Promise<{ keyPath: string; authorizedKeys: string }> {
  return once('client', async () => {
    const dir = ensureProcessDir();
    const keyPath = join(dir, 'client_ed25519');
    if (!existsSync(keyPath)) await generateKey(keyPath, 'ed25519', 'tsprov-harness-client');
    const ak = join(dir, 'authorized_keys');
    writeFileSync(ak, readFileSync(keyPath + '.pub'), { mode: 0o644 });
    return keyPath;
  }).then((keyPath) => ({ keyPath, authorizedKeys: join(processDir(), 'authorized_keys') }));
}

export function sharedHostKey(type: HostKeyType): Promise<string> {
  return once(`host-${type}`, async () => {
    const path = join(ensureProcessDir(), `host_${type}`);
    return existsSync(path) ? path : generateKey(path, type, 'tsprov-harness-host');
  });
}

/** "type base64" of a key's public half. */
export function publicKeyOf(privatePath: string): string {
  const [type, b64] = readFileSync(privatePath + '.pub', 'utf8').trim().split(/\s+/);
  return `${type} ${b64}`;
}
