import { createHash, createHmac } from 'node:crypto';

/**
 * Pure known_hosts handling (OpenSSH format): parsing, host matching (plain, comma lists,
 * `[host]:port`, wildcards, negation, hashed `|1|salt|hash`), and the verdict for a presented key.
 */
export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority';
  /** Raw host field: a comma list of patterns, or one hashed `|1|salt|hash` entry. */
  hosts: string;
  keyType: string;
  /** Base64 of the public key blob (SSH wire format). */
  keyBase64: string;
  file: string;
  line: number;
}

export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // unknown marker: OpenSSH ignores the line too
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    entries.push({ ...(marker ? { marker } : {}), hosts, keyType, keyBase64, file, line: i + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function lookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export function hashHostName(name: string, saltBase64: string): string {
  return createHmac('sha1', Buffer.from(saltBase64, 'base64')).update(name).digest('base64');
}

/** Does the host field of an entry match `name` (already in lookupName form)? */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    return salt !== undefined && hash !== undefined && hashHostName(name, salt) === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    const p = negated ? pattern.slice(1) : pattern;
    if (globToRegExp(p).test(name)) {
      if (negated) return false; // a negated match vetoes the whole line
      matched = true;
    }
  }
  return matched;
}

/** Key type name inside an SSH wire-format public key blob (its first string). */
export function keyTypeOfBlob(blob: Uint8Array): string {
  const b = Buffer.from(blob);
  if (b.length < 4) return 'unknown';
  const len = b.readUInt32BE(0);
  return b.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH's `SHA256:...` fingerprint (unpadded base64). */
export function fingerprint(blob: Uint8Array): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** Short type label as OpenSSH prints it: ED25519, ECDSA, RSA. */
export function keyLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-')) return 'RSA';
  return keyType.toUpperCase();
}

export type HostKeyVerdict =
  | { kind: 'match'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry }
  | { kind: 'changed'; entries: KnownHostEntry[] }
  | { kind: 'unknown' };

/** Compares a presented key with every entry for `name`; revocation wins over everything. */
export function checkHostKey(entries: KnownHostEntry[], name: string, blob: Uint8Array): HostKeyVerdict {
  const presented = Buffer.from(blob).toString('base64');
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBase64 === presented);
  if (revoked) return { kind: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, name));
  const exact = forHost.find((e) => e.keyBase64 === presented);
  if (exact) return { kind: 'match', entry: exact };
  return forHost.length > 0 ? { kind: 'changed', entries: forHost } : { kind: 'unknown' };
}

/** Key types already known for a name, so the client can ask the server for one of them first. */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}

export function formatKnownHostsLine(name: string, blob: Uint8Array): string {
  return `${name} ${keyTypeOfBlob(blob)} ${Buffer.from(blob).toString('base64')}`;
}

/** OpenSSH-like refusal text; always names the SHA256 fingerprint of the presented key. */
export function describeRefusal(verdict: HostKeyVerdict, name: string, blob: Uint8Array): string {
  const label = keyLabel(keyTypeOfBlob(blob));
  const fp = fingerprint(blob);
  switch (verdict.kind) {
    case 'changed': {
      const where = verdict.entries.map((e) => `${e.file}:${e.line}`).join(', ');
      return [
        '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
        '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
        '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
        `The ${label} key sent by the remote host ${name} is`,
        fp + '.',
        `Offending key(s) in ${where}`,
        'Host key verification failed.',
      ].join('\n');
    }
    case 'revoked':
      return `The ${label} host key for ${name} (${fp}) is marked as revoked in ${verdict.entry.file}:${verdict.entry.line}.\nHost key verification failed.`;
    case 'unknown':
      return `No ${label} host key is known for ${name} and strict host key checking is on (${fp}).\nHost key verification failed.`;
    default:
      return `host key for ${name} accepted`;
  }
}
