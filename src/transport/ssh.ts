import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ssh2';
import type { TraceListener } from '../core/events.ts';
import type { ConnectionSpec } from '../core/host.ts';
import type { SecretText } from '../core/secrets.ts';
import type { ShellText } from '../core/quote.ts';
import { stdinOf, TransportError, type Connection, type ExecOptions, type ExecResult } from './types.ts';
import { resolveTarget, parseJumpHop, type ResolvedTarget } from './ssh-config.ts';
import type { HostKeyPolicy } from './host-key-check.ts';
import { buildAuthMethods, type AuthMethod } from './ssh-auth.ts';
import { execOnClient } from './ssh-exec.ts';
import { planBecome } from './become.ts';
import { withRetries } from './retry.ts';
import { maskedTrace, traceExec, type Trace } from './exec-trace.ts';
import { endClient, legName, openChain, verifiedKeys, type ChainOpts, type Leg } from './ssh-chain.ts';

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


async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TransportError('config', `cannot read ssh config ${path}: ${(err as Error).message}`, { cause: err });
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

