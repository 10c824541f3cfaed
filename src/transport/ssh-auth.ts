import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type ssh2 from 'ssh2';
import { lazy } from '../core/lazy.ts';

const ssh2Module = lazy<typeof import('ssh2')>('ssh2');
import { TransportError } from './types.ts';

/** An auth method ready for ssh2 (kept inside transport/). */
export type AuthMethod =
  | { type: 'publickey'; username: string; key: Buffer | ssh2.ParsedKey }
  | { type: 'agent'; username: string; agent: string };

export interface AuthInput {
  user: string;
  identityFiles: string[];
  identityExplicit: boolean;
  agentSocket?: string;
  passphraseEnv: string;
}

function isEncryptedError(err: Error): boolean {
  return /encrypted|passphrase|bad decrypt/i.test(err.message);
}

async function promptHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

async function passphraseFor(file: string, envName: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined) return fromEnv;
  if (process.stdin.isTTY && process.stderr.isTTY) return promptHidden(`Enter passphrase for key '${file}': `);
  throw new TransportError('config', `identity file ${file} is encrypted: set ${envName} or run in a terminal to be prompted`);
}

type LoadedKey = Buffer | ssh2.ParsedKey | null;

/**
 * One decryption per identity file per process: bcrypt-pbkdf costs about 0.5 s of controller CPU
 * per decryption, and every host of a fleet usually shares the same key (and the same prompt).
 * The decrypted key goes to ssh2 parsed, so ssh2 does not decrypt it once more per connection.
 */
const loaded = new Map<string, Promise<LoadedKey>>();

async function readKey(file: string, explicit: boolean, envName: string): Promise<LoadedKey> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TransportError('config', `cannot read identity file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = ssh2Module().utils.parseKey(data);
  if (!(parsed instanceof Error)) return data;
  if (!isEncryptedError(parsed)) throw new TransportError('config', `identity file ${file} is not a usable private key: ${parsed.message}`);
  const passphrase = await passphraseFor(file, envName);
  const again = ssh2Module().utils.parseKey(data, passphrase);
  if (again instanceof Error) throw new TransportError('config', `wrong passphrase for identity file ${file}`);
  return Array.isArray(again) ? again[0]! : again;
}

async function loadKey(file: string, explicit: boolean, user: string, envName: string): Promise<AuthMethod | null> {
  // The env value is part of the key (hashed), so a process that changes it reads the key again.
  const fromEnv = process.env[envName];
  const id = [explicit ? 1 : 0, file, fromEnv === undefined ? '' : createHash('sha256').update(fromEnv).digest('hex')].join('\0');
  let key = loaded.get(id);
  if (!key) {
    key = readKey(file, explicit, envName);
    loaded.set(id, key);
  }
  const k = await key;
  return k ? { type: 'publickey', username: user, key: k } : null;
}

/** Agent first (like OpenSSH), then each identity file in order. */
export async function buildAuthMethods(input: AuthInput): Promise<AuthMethod[]> {
  const methods: AuthMethod[] = [];
  if (input.agentSocket) methods.push({ type: 'agent', username: input.user, agent: input.agentSocket });
  for (const file of input.identityFiles) {
    const m = await loadKey(file, input.identityExplicit, input.user, input.passphraseEnv);
    if (m) methods.push(m);
  }
  if (methods.length === 0) {
    throw new TransportError('auth', `no ssh agent and none of the identity files exist (${input.identityFiles.join(', ')})`);
  }
  return methods;
}
