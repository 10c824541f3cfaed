import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ssh2';
import { lazy } from '../core/lazy.ts';

const ssh2Module = lazy<typeof import('ssh2')>('ssh2');

/**
 * Ends a client: SSH disconnect and a half-close, then the socket destroyed if the host never
 * answers the close (it vanished, a link went down). Without that the socket waits in FIN_WAIT1
 * and keeps the process alive: seen with a test host torn down right after its last session.
 */
function endClient(c: Client): void {
  c.end();
  const t = setTimeout(() => c.destroy(), 3000);
  t.unref();
  c.once('close', () => clearTimeout(t));
}
import type { Duplex } from 'node:stream';
import type { TraceListener } from '../core/events.ts';
import type { ConnectionSpec } from '../core/host.ts';
import type { SecretText } from '../core/secrets.ts';
import type { ShellText } from '../core/quote.ts';
import { stdinOf, TransportError, type Connection, type ExecOptions, type ExecResult } from './types.ts';
import { resolveTarget, parseJumpHop, type ResolvedTarget } from './ssh-config.ts';
import { verifyHostKey, preferredHostKeyTypes, type HostKeyPolicy } from './host-key-check.ts';
import { keyTypeOfBlob } from './known-hosts.ts';
import { buildAuthMethods, type AuthMethod } from './ssh-auth.ts';
import { classifySshError } from './ssh-errors.ts';
import { execOnClient } from './ssh-exec.ts';
import { planBecome } from './become.ts';
import { withRetries } from './retry.ts';
import { maskedTrace, traceExec, type Trace } from './exec-trace.ts';

export interface SshOptions {
  /** Default ~/.ssh/config; a missing file is fine. */
  sshConfigPath?: string;
  /** Trust exactly this host key for the target (not jump hosts), whatever known_hosts says. */
  pinnedHostKey?: Uint8Array;
  /** known_hosts files to check (and, for accept-new, the first is appended to). */
  knownHostsPaths?: string[];
  hostKeyPolicy?: HostKeyPolicy;
  /** Env var holding the passphrase of encrypted identity files. Default TSPROV_SSH_PASSPHRASE. */
  passphraseEnv?: string;
  /** Use the ssh agent at SSH_AUTH_SOCK. Default true. */
  useAgent?: boolean;
  /** Env var holding the sudo password, when the spec names none. */
  becomePasswordEnv?: string;
  /** Extra attempts for transient errors (unreachable, timeout). Default 2. */
  retries?: number;
  /** First backoff delay; doubles per attempt. Default 500 ms. */
  retryBaseDelayMs?: number;
  keepaliveIntervalMs?: number;
  /** Default 10000 ms. */
  connectTimeoutMs?: number;
  onWarning?: (msg: string) => void;
  onRetry?: (attempt: number, error: TransportError, delayMs: number) => void;
  /** Told the resolved connection and every exec (`-vv`, `-vvv`); passwords masked first. */
  onTrace?: TraceListener;
  /** Also forward ssh2's own debug lines to onTrace (`-vvvv`). */
  debug?: boolean;
}


interface ChainOpts {
  timeoutMs: number;
  keepaliveMs?: number;
  keepaliveCountMax?: number;
  warn: (m: string) => void;
  debug?: Trace;
}

interface Leg {
  target: ResolvedTarget;
  auth: AuthMethod[];
  policy: HostKeyPolicy;
  knownHosts: string[];
  pinned?: Uint8Array;
}

/** The host key each client was verified with. */
const verifiedKeys = new WeakMap<Client, Uint8Array>();

const HOST_KEY_TYPES: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

function legName(t: ResolvedTarget): string {
  return `${t.user}@${t.host}:${t.port}`;
}

async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TransportError('config', `cannot read ssh config ${path}: ${(err as Error).message}`, { cause: err });
  }
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

async function openChain(legs: Leg[], opts: ChainOpts): Promise<Client[]> {
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

/**
 * The hops in connection order. As with OpenSSH, a hop's own ProxyJump (from the ssh config)
 * is reached first: A → (B's ProxyJump C) gives C, B. A loop, or more than 8 hops, is an error.
 */
export function expandJumps(hops: readonly string[], configText: string | undefined, env: { home: string; localUser: string }, seen: string[] = []): ResolvedTarget[] {
  const out: ResolvedTarget[] = [];
  for (const hop of hops) {
    if (seen.includes(hop)) throw new TransportError('config', `ProxyJump loop: ${[...seen, hop].join(' → ')}`);
    if (seen.length >= 8) throw new TransportError('config', `ProxyJump chain deeper than 8 hops: ${[...seen, hop].join(' → ')}`);
    const h = resolveTarget(parseJumpHop(hop), configText, env);
    // `Host *` with a ProxyJump also matches the jump host itself: a hop never jumps through itself.
    const own = h.jumps.filter((j) => j !== hop);
    out.push(...expandJumps(own, configText, env, [...seen, hop]), { ...h, jumps: [] });
  }
  return out;
}

/** Opens one SSH connection (through any jump hosts) and returns it as a Connection. */
export async function connectSsh(spec: ConnectionSpec, opts: SshOptions = {}): Promise<Connection> {
  const env = { home: homedir(), localUser: userInfo().username };
  const configText = await readConfigText(spec.sshConfigFile ?? opts.sshConfigPath ?? join(env.home, '.ssh', 'config'));
  const target = resolveTarget(spec, configText, env);
  const policy = spec.hostKeyChecking ?? opts.hostKeyPolicy ?? target.hostKeyPolicy ?? 'strict';
  const knownHosts = spec.knownHostsFile ? [spec.knownHostsFile]
    : opts.knownHostsPaths ?? target.knownHostsFiles ?? [join(env.home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
  // IdentitiesOnly=yes offers only the named identity file, as ssh does, not the agent's keys.
  const agentSocket = opts.useAgent === false || (spec.identitiesOnly && spec.identityFile) ? undefined : process.env.SSH_AUTH_SOCK;
  const passphraseEnv = opts.passphraseEnv ?? 'TSPROV_SSH_PASSPHRASE';
  const passwordEnv = spec.becomePasswordEnv ?? opts.becomePasswordEnv;
  const trace = maskedTrace(opts.onTrace, [passphraseEnv, passwordEnv], spec.becomePassword ? [spec.becomePassword.reveal()] : []);
  const via = target.jumps.length ? ` via ${target.jumps.join(',')}` : '';
  const description = `ssh ${legName(target)}${via}${spec.become ? ' (become)' : ''}`;
  const timeoutMs = spec.connectTimeoutMs ?? opts.connectTimeoutMs ?? target.connectTimeoutMs ?? 10_000;
  // Before the keys are read: a wrong passphrase or a refused login still shows what was tried.
  trace?.({
    kind: 'connection', where: description, transport: 'ssh', user: target.user, address: target.host, port: target.port,
    jumps: target.jumps, identityFiles: target.identityFiles, agent: Boolean(agentSocket),
    ...(target.identityFiles.length ? { passphraseFrom: passphraseEnv } : {}),
    hostKeyPolicy: policy, knownHosts, connectTimeoutMs: timeoutMs,
    become: spec.become ? { method: 'sudo', user: spec.becomeUser ?? 'root', ...(passwordEnv ? { passwordFrom: passwordEnv } : {}) } : { method: 'none' },
  });
  const authFor = (t: ResolvedTarget, fallback?: ResolvedTarget): Promise<AuthMethod[]> => {
    const ids = !t.identityExplicit && fallback ? fallback : t;
    return buildAuthMethods({
      user: t.user, identityFiles: ids.identityFiles, identityExplicit: ids.identityExplicit, passphraseEnv,
      ...(agentSocket ? { agentSocket } : {}),
    });
  };
  const legs: Leg[] = [];
  for (const h of expandJumps(target.jumps, configText, env)) {
    legs.push({ target: h, auth: await authFor(h, target), policy: opts.hostKeyPolicy ?? h.hostKeyPolicy ?? policy, knownHosts: h.knownHostsFiles ?? knownHosts });
  }
  legs.push({ target, auth: await authFor(target), policy, knownHosts, ...(opts.pinnedHostKey ? { pinned: opts.pinnedHostKey } : {}) });

  const warn = opts.onWarning ?? ((m: string) => process.stderr.write(m + '\n'));
  const keepaliveMs = spec.keepaliveIntervalMs ?? opts.keepaliveIntervalMs;
  const chainOpts: ChainOpts = {
    timeoutMs, warn, ...(keepaliveMs ? { keepaliveMs } : {}),
    ...(spec.keepaliveCountMax !== undefined ? { keepaliveCountMax: spec.keepaliveCountMax } : {}),
    ...(opts.debug && trace ? { debug: trace } : {}),
  };
  const clients = await withRetries(() => openChain(legs, chainOpts), {
    retries: spec.connectRetries ?? opts.retries ?? 2, baseDelayMs: opts.retryBaseDelayMs ?? 500, warn,
    ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
  });
  return new SshConnection(clients, description, {
    loginUser: target.user, become: spec.become, ...(spec.becomeUser ? { becomeUser: spec.becomeUser } : {}),
    ...(spec.becomePassword ? { password: spec.becomePassword } : passwordEnv ? { passwordEnv } : {}),
    ...(spec.becomeExe ? { exe: spec.becomeExe } : {}),
    ...(spec.becomeFlags ? { flags: spec.becomeFlags } : {}),
  }, trace);
}

interface BecomeSettings {
  loginUser: string;
  become: boolean;
  becomeUser?: string;
  passwordEnv?: string;
  /** A password given as a value (inventory or -K); wins over passwordEnv. */
  password?: SecretText;
  exe?: string;
  flags?: readonly string[];
}

class SshConnection implements Connection {
  readonly description: string;
  #count = 0;
  #closed = false;
  readonly #clients: Client[];
  readonly #become: BecomeSettings;
  readonly hostKey?: Uint8Array;
  readonly #trace: Trace | undefined;

  constructor(clients: Client[], description: string, become: BecomeSettings, trace?: Trace) {
    this.#clients = clients;
    this.#trace = trace;
    this.description = description;
    this.#become = become;
    const key = clients.at(-1) && verifiedKeys.get(clients.at(-1)!);
    if (key) this.hostKey = key;
    clients.at(-1)?.on('close', () => { this.#closed = true; });
  }

  get execCount(): number { return this.#count; }

  async exec(command: ShellText, options: ExecOptions = {}): Promise<ExecResult> {
    this.#count++;
    const stdin = stdinOf(options);
    const client = this.#clients.at(-1);
    if (this.#closed || !client) throw new TransportError('unreachable', `${this.description}: connection is closed`, { transient: true });
    const b = this.#become;
    const password = b.password ? b.password.reveal() : b.passwordEnv ? process.env[b.passwordEnv] : undefined;
    const plan = options.become && b.become
      ? planBecome(command, {
        loginUser: b.loginUser, withPassword: Boolean(password), ...(b.becomeUser ? { becomeUser: b.becomeUser } : {}),
        ...(b.exe ? { exe: b.exe } : {}), ...(b.flags ? { flags: b.flags } : {}),
      })
      : { command };
    const run = execOnClient(client, {
      plan, where: this.description,
      ...(stdin !== undefined ? { stdin } : {}),
      ...(plan.password && password !== undefined ? { password } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return this.#trace ? traceExec(run, this.#trace, { where: this.description, command: plan.command, become: plan.command !== command, stdin }) : run;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const c of [...this.#clients].reverse()) endClient(c);
  }
}

