import { appendFile, mkdir, readFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TransportError } from './types.ts';
import {
  checkHostKey, describeRefusal, fingerprint, formatKnownHostsLine, keyLabel, keyTypeOfBlob,
  knownKeyTypes, lookupName, parseKnownHosts, type KnownHostEntry,
} from './known-hosts.ts';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

export interface HostKeyCheckInput {
  /** Name the key is recorded under (HostKeyAlias or the resolved host name). */
  host: string;
  port: number;
  policy: HostKeyPolicy;
  /** known_hosts files; new keys (accept-new) are appended to the first. */
  paths: string[];
  onWarning: (msg: string) => void;
  /**
   * A key this host already proved it holds over an authenticated connection (to its old
   * address): the same key is trusted at a new address, any other is refused.
   */
  pinned?: Uint8Array;
}

async function readEntries(paths: string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const p of paths) {
    try {
      all.push(...parseKnownHosts(await readFile(p, 'utf8'), p));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return all;
}

async function appendKnownHost(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Create with 0600 if missing; never loosen an existing file's mode.
  const fh = await open(path, 'a', 0o600);
  await fh.close();
  const existing = await readFile(path, 'utf8');
  const sep = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(path, `${sep}${line}\n`);
}

/** Preferred server host key algorithms: the types already known for this host first. */
export async function preferredHostKeyTypes(input: Pick<HostKeyCheckInput, 'host' | 'port' | 'paths'>): Promise<string[]> {
  const entries = await readEntries(input.paths);
  return knownKeyTypes(entries, lookupName(input.host, input.port));
}

/**
 * Decides whether to trust a presented host key. Resolves to null when trusted, or to the
 * TransportError (kind host-key, never transient) that explains the refusal.
 */
export async function verifyHostKey(input: HostKeyCheckInput, blob: Uint8Array): Promise<TransportError | null> {
  const name = lookupName(input.host, input.port);
  if (input.pinned) {
    if (Buffer.from(input.pinned).equals(Buffer.from(blob))) return null;
    return new TransportError(
      'host-key',
      `${name} presents ${keyLabel(keyTypeOfBlob(blob))} key ${fingerprint(blob)}, not the key ${fingerprint(input.pinned)} ` +
        'this host proved at its old address: refusing to verify (and confirm) over it',
    );
  }
  if (input.policy === 'off') {
    input.onWarning(
      `WARNING: host key checking is OFF for ${name}: accepting ${keyLabel(keyTypeOfBlob(blob))} key ` +
        `${fingerprint(blob)} without verification. Anyone on the path can impersonate this host.`,
    );
    return null;
  }
  const verdict = checkHostKey(await readEntries(input.paths), name, blob);
  if (verdict.kind === 'match') return null;
  if (verdict.kind === 'unknown' && input.policy === 'accept-new') {
    const target = input.paths[0];
    if (target === undefined) return new TransportError('config', 'accept-new needs a known_hosts file to record keys in');
    await appendKnownHost(target, formatKnownHostsLine(name, blob));
    input.onWarning(`Permanently added '${name}' (${keyLabel(keyTypeOfBlob(blob))}, ${fingerprint(blob)}) to ${target}.`);
    return null;
  }
  return new TransportError('host-key', describeRefusal(verdict, name, blob));
}
