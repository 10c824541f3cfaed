import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { ConnectionSpec } from '../../src/core/host.ts';
import { createNetwork, destroyNetwork, destroyNetworkSync, linkNamespaces, mgmtAddresses, netnsName } from './netns.ts';
import { claimIndex, processDir, releaseIndex } from './registry.ts';
import { clientKey, generateKey, publicKeyOf, sharedHostKey, type HostKeyType } from './keys.ts';
import { createTree, hashTree, OVERLAID, treeLayout, writeTreeFiles } from './host-tree.ts';
import { ensureTestUser, sudoFiles, SUDO_PASSWORD, TEST_USER, type SudoMode } from './test-user.ts';
import { run, type RunResult } from './proc.ts';
import { sshdConfig, mountScript } from './sshd-config.ts';

export interface TestHostOptions {
  nics?: string[];
  /** Absolute in-host path → content; paths under /etc, /boot, /var or /tmp. */
  files?: Record<string, string>;
  /** Fixed index (address block); default: the next free one. */
  index?: number;
  /** sudo rights of the test user inside this host. Default nopasswd. */
  sudo?: SudoMode;
  hostKeyType?: HostKeyType;
  /** Generate a host key for this host alone instead of the per-process shared one. */
  uniqueHostKey?: boolean;
}

export interface TestHost {
  name: string;
  index: number;
  address: string;
  port: number;
  netns: string;
  clientKeyPath: string;
  /** `address keytype base64`, ready for a known_hosts file. */
  knownHostsLine: string;
  /** A known_hosts file holding knownHostsLine. */
  knownHostsPath: string;
  /** `keytype base64`. */
  hostPublicKey: string;
  testUser: string;
  sudoPassword: string;
  spec(overrides?: Partial<ConnectionSpec>): ConnectionSpec;
  /** Runs `sh -c cmd` inside the host's namespaces (no ssh), as root. */
  execInHost(cmd: string): Promise<RunResult>;
  treeHash(): string;
  /** Recent sshd log lines (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const live = new Map<number, { child?: ChildProcess; dir: string }>();
let handlersInstalled = false;

function cleanupSync(index: number): void {
  const entry = live.get(index);
  live.delete(index);
  destroyNetworkSync(index);
  if (entry) rmSync(entry.dir, { recursive: true, force: true });
  releaseIndex(index);
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const all = (): void => {
    for (const i of [...live.keys()]) cleanupSync(i);
    rmSync(processDir(), { recursive: true, force: true });
  };
  process.on('exit', all);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => { all(); process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)); });
  }
}

function waitForListening(child: ChildProcess, logRef: { text: string }, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`sshd did not start within ${timeoutMs} ms:\n${logRef.text}`)), timeoutMs);
    const onData = (): void => { if (/Server listening on/.test(logRef.text)) done(); };
    const onExit = (code: number | null): void => done(new Error(`sshd exited (${code}) before listening:\n${logRef.text}`));
    function done(err?: Error): void {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err); else resolve();
    }
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  installExitHandlers();
  const nics = opts.nics ?? ['eth0', 'eth1', 'eth2'];
  const [{ keyPath, authorizedKeys }] = await Promise.all([clientKey(), ensureTestUser()]);
  const index = claimIndex(opts.index);
  const dir = join(processDir(), `h${index}`);
  live.set(index, { dir });
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const hostKey = opts.uniqueHostKey
      ? await generateKey(join(dir, `host_${opts.hostKeyType ?? 'ed25519'}`), opts.hostKeyType ?? 'ed25519', 'tsprov-harness-host')
      : await sharedHostKey(opts.hostKeyType ?? 'ed25519');
    createTree(dir);
    writeTreeFiles(dir, await sudoFiles(opts.sudo ?? 'nopasswd'));
    writeTreeFiles(dir, Object.entries(opts.files ?? {}).map(([path, content]) => ({ path, content })));
    const { host: address } = mgmtAddresses(index);
    const conf = join(dir, 'sshd_config');
    writeFileSync(conf, sshdConfig({ hostKey, authorizedKeys }));
    const hostPublicKey = publicKeyOf(hostKey);
    const knownHostsLine = `${address} ${hostPublicKey}`;
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, knownHostsLine + '\n', { mode: 0o600 });

    await createNetwork(index, nics);
    const ns = netnsName(index);
    const layout = treeLayout(dir);
    const script = mountScript(OVERLAID.map((top) => ({ top, upper: layout.upper(top), work: layout.work(top) })), layout.tmp, conf);
    const child = spawn('ip', ['netns', 'exec', ns, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    live.set(index, { dir, child });
    const logRef = { text: '' };
    child.stderr?.on('data', (d: Buffer) => { logRef.text = (logRef.text + d.toString()).slice(-16_384); });
    child.unref();
    (child.stderr as unknown as { unref?: () => void })?.unref?.();
    await waitForListening(child, logRef, 10_000);
    const pid = child.pid as number;
    let stopped = false;
    return {
      name: ns, index, address, port: 22, netns: ns, clientKeyPath: keyPath, knownHostsLine, knownHostsPath,
      hostPublicKey, testUser: TEST_USER, sudoPassword: SUDO_PASSWORD,
      spec: (overrides = {}) => ({
        type: 'ssh', address, port: 22, user: 'root', identityFile: keyPath, become: false,
        hostKeyChecking: 'strict', knownHostsFile: knownHostsPath, connectTimeoutMs: 5000, ...overrides,
      }),
      execInHost: (cmd) => run('nsenter', ['-t', String(pid), '-m', '-n', '--', 'sh', '-c', cmd]),
      treeHash: () => hashTree(dir),
      log: () => logRef.text,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        live.delete(index);
        await destroyNetwork(index);
        rmSync(dir, { recursive: true, force: true });
        releaseIndex(index);
      },
    };
  } catch (err) {
    cleanupSync(index);
    throw err;
  }
}

/** Starts n hosts, a bounded number at a time; on any failure stops all of them. */
export async function startTestHosts(n: number, opts: Omit<TestHostOptions, 'index'> = {}, concurrency = 16): Promise<TestHost[]> {
  const hosts: TestHost[] = [];
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < n) {
      next++;
      try { hosts.push(await startTestHost(opts)); } catch (err) { failure ??= err; }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  if (failure !== undefined) {
    await Promise.all(hosts.map((h) => h.stop()));
    throw failure;
  }
  return hosts.sort((a, b) => a.index - b.index);
}

/** Connects host `from` to host `to` with a veth pair; returns `to`'s address as seen from `from`. */
export function linkTestHosts(from: TestHost, to: TestHost): Promise<string> {
  return linkNamespaces(from.index, to.index);
}
