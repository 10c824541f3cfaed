// OpenSSH client helpers for lab tests (setup and assertions only; tsprov has its own transport).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createConnection } from 'node:net';

export interface LabExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface SshTarget {
  port: number;
  keyPath: string;
  knownHostsPath: string;
  /**
   * A master connection's socket that every exec shares. Under TCG a new SSH connection costs
   * the guest about 0.9 s of CPU (sshd re-exec, key exchange); a session on a shared one 0.15 s.
   */
  controlPath?: string;
}

/**
 * ConnectTimeout also bounds the banner exchange, which a slow emulated guest (another CPU, a
 * loaded CI machine) can take well over 5 s to reach; the timeout only delays reporting a dead VM.
 */
export function sshArgs(t: SshTarget, connectTimeoutS = 30): string[] {
  const mux = t.controlPath
    ? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${t.controlPath}`, '-o', 'ControlPersist=300']
    : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
  return [
    ...mux,
    '-i', t.keyPath,
    '-p', String(t.port),
    '-o', `UserKnownHostsFile=${t.knownHostsPath}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'IdentitiesOnly=yes',
    '-o', `ConnectTimeout=${connectTimeoutS}`,
    '-o', 'ServerAliveInterval=5',
    '-o', 'LogLevel=ERROR',
    'root@127.0.0.1',
  ];
}

/**
 * Runs `cmd` (a shell command line) as root in the VM; a non-zero exit is data, not an error.
 * ssh's own failure (255) on a shared connection, say one that died with a pulled management
 * cable, is retried once on a connection of its own.
 */
export async function sshExec(t: SshTarget, cmd: string, timeoutMs = 120_000): Promise<LabExecResult> {
  const r = await sshExecOnce(t, cmd, timeoutMs);
  if (r.exitCode !== 255 || !t.controlPath) return r;
  closeMaster(t);
  return sshExecOnce({ ...t, controlPath: undefined }, cmd, timeoutMs);
}

/** Ends the shared connection, if any (before the VM goes away, so no master lingers). */
export function closeMaster(t: SshTarget): void {
  if (!t.controlPath || !existsSync(t.controlPath)) return;
  spawnSync('ssh', ['-o', `ControlPath=${t.controlPath}`, '-O', 'exit', '-p', String(t.port), 'root@127.0.0.1'], { stdio: 'ignore', timeout: 5_000 });
}

function sshExecOnce(t: SshTarget, cmd: string, timeoutMs: number): Promise<LabExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...sshArgs(t), cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = code ?? (signal === 'SIGKILL' ? 124 : 255);
      if (signal === 'SIGKILL') stderr += `\n[lab] ssh killed after ${timeoutMs} ms`;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/**
 * Puts `[127.0.0.1]:PORT <host key>` lines for `ports` into the known_hosts file, replacing any
 * older lines for those ports (another image's key). Written via rename so readers never see a
 * half-written file.
 */
export function writeKnownHosts(path: string, ports: number[], hostKeyPub: string): void {
  const key = hostKeyPub.trim().split(/\s+/).slice(0, 2).join(' ');
  const names = new Set(ports.map((p) => `[127.0.0.1]:${p}`));
  const old = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  const kept = old.filter((l) => l.trim() !== '' && !names.has(l.split(/\s+/)[0] ?? ''));
  const lines = [...kept, ...[...names].map((n) => `${n} ${key}`)];
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o644 });
  renameSync(tmp, path);
}

/**
 * True once something on 127.0.0.1:port sends an SSH banner within `timeoutMs`. qemu's user-net
 * accepts host connections before the guest listens, so a plain TCP connect proves nothing; while
 * the guest does not listen, user-net closes the connection as soon as the guest refuses it.
 * The wait is long on purpose: every connection sshd accepts costs the guest a re-exec of sshd
 * before the banner, so on a slow machine a short probe given up and retried floods the guest
 * with half-started sshds and no banner ever comes (seen in CI: no banner in 240 s).
 */
export function sshBannerSeen(port: number, timeoutMs = 30_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => done(d.startsWith('SSH-')));
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
  });
}
