/**
 * One SSH connection as ssh2 clients along its jump hosts: each leg opened with its auth and host
 * key check, forwarded through the one before, and every client ended so it cannot outlive the run.
 */
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { lazy } from '../core/lazy.ts';
import { TransportError } from './types.ts';
import type { ResolvedTarget } from './ssh-config.ts';
import { verifyHostKey, preferredHostKeyTypes, type HostKeyPolicy } from './host-key-check.ts';
import { keyTypeOfBlob } from './known-hosts.ts';
import type { AuthMethod } from './ssh-auth.ts';
import { classifySshError } from './ssh-errors.ts';
import type { Trace } from './exec-trace.ts';

const ssh2Module = lazy<typeof import('ssh2')>('ssh2');

/**
 * Ends a client: SSH disconnect and a half-close, then the socket destroyed if the host never
 * answers the close (it vanished, a link went down). Without that the socket waits in FIN_WAIT1
 * and keeps the process alive: seen with a test host torn down right after its last session.
 */
export function endClient(c: Client): void {
  c.end();
  const t = setTimeout(() => c.destroy(), 3000);
  t.unref();
  c.once('close', () => clearTimeout(t));
}
export interface ChainOpts {
  timeoutMs: number;
  keepaliveMs?: number;
  keepaliveCountMax?: number;
  warn: (m: string) => void;
  debug?: Trace;
}

export interface Leg {
  target: ResolvedTarget;
  auth: AuthMethod[];
  policy: HostKeyPolicy;
  knownHosts: string[];
  pinned?: Uint8Array;
}

/** The host key each client was verified with. */
export const verifiedKeys = new WeakMap<Client, Uint8Array>();

const HOST_KEY_TYPES: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

export function legName(t: ResolvedTarget): string {
  return `${t.user}@${t.host}:${t.port}`;
}

async function openClient(leg: Leg, opts: ChainOpts, sock?: Duplex): Promise<Client> {
  const t = leg.target;
  const keyInput = { host: t.hostKeyAlias ?? t.host, port: t.port, policy: leg.policy, paths: leg.knownHosts, onWarning: opts.warn, ...(leg.pinned ? { pinned: leg.pinned } : {}) };
  const known = leg.pinned ? [keyTypeOfBlob(leg.pinned)] : await preferredHostKeyTypes(keyInput);
  const prepend = known.flatMap((k) => HOST_KEY_TYPES[k] ?? [k]);
  const client = new (ssh2Module().Client)();
  let hostKeyError: TransportError | undefined;
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    client.once('ready', () => { settled = true; resolve(client); });
    // Stays attached for the client's life: a late error (e.g. after end()) must not crash the
    // process; after 'ready', failures surface through exec as a lost channel.
    client.on('error', (err) => {
      if (settled) return;
      settled = true;
      endClient(client);
      reject(hostKeyError ?? classifySshError(err, `ssh ${legName(t)}`));
    });
    client.connect({
      host: t.host,
      port: t.port,
      username: t.user,
      ...(sock ? { sock } : {}),
      readyTimeout: opts.timeoutMs,
      ...(opts.keepaliveMs ? { keepaliveInterval: opts.keepaliveMs } : {}),
      ...(opts.keepaliveCountMax !== undefined ? { keepaliveCountMax: opts.keepaliveCountMax } : {}),
      ...(opts.debug ? { debug: (message: string) => opts.debug!({ kind: 'transport-debug', where: `ssh ${legName(t)}`, message }) } : {}),
      ...(prepend.length ? { algorithms: { serverHostKey: { prepend } } as never } : {}),
      authHandler: leg.auth.map((m) => ({ ...m })) as never,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(keyInput, key).then(
          (refusal) => {
            if (refusal) hostKeyError = refusal;
            else verifiedKeys.set(client, Uint8Array.from(key));
            verify(refusal === null);
          },
          (err: unknown) => { hostKeyError = classifySshError(err, `ssh ${legName(t)}`); verify(false); },
        );
      },
    } as never);
  });
}

function forwardOut(client: Client, host: string, port: number, where: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
      if (err) reject(new TransportError('unreachable', `${where}: jump host cannot reach ${host}:${port}: ${err.message}`, { cause: err, transient: true }));
      else resolve(stream);
    });
  });
}

export async function openChain(legs: Leg[], opts: ChainOpts): Promise<Client[]> {
  const clients: Client[] = [];
  try {
    let sock: Duplex | undefined;
    for (const [i, leg] of legs.entries()) {
      const client = await openClient(leg, opts, sock);
      clients.push(client);
      const next = legs[i + 1];
      if (next) sock = await forwardOut(client, next.target.host, next.target.port, `ssh ${legName(leg.target)}`);
    }
    return clients;
  } catch (err) {
    for (const c of clients.reverse()) endClient(c);
    throw err;
  }
}
