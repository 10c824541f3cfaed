/**
 * Runs generated apply scripts for real, as root, inside a private mount namespace: scratch
 * directories are bind-mounted over /srv (the test targets), /var/backups and /run/lock, so the
 * script sees the real paths while every write lands in a temp folder. Nothing touches /etc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sandbox {
  root: string;
  /** Host path seen inside the namespace as /srv. */
  srv: string;
  /** Host path of /var/backups/tsprov. */
  backups: string;
  lock: string;
  /** Host path of a path the script sees, e.g. host('/srv/etc/x'). */
  host(p: string): string;
  cleanup(): void;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Why the namespace tests cannot run here, or null when they can. */
export function sandboxUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (mount namespaces and bind mounts)';
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']);
  if (r.status !== 0) return `unshare --mount failed: ${String(r.stderr ?? r.error)}`;
  return null;
}

export function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'tsprov-apply-'));
  const srv = join(root, 'srv');
  const varBackups = join(root, 'var-backups');
  const lock = join(root, 'run-lock');
  for (const d of [srv, varBackups, lock]) mkdirSync(d, { recursive: true });
  const host = (p: string): string => {
    for (const [inside, outside] of [['/srv', srv], ['/var/backups', varBackups], ['/run/lock', lock]] as const) {
      if (p === inside || p.startsWith(inside + '/')) return outside + p.slice(inside.length);
    }
    throw new Error(`path outside the sandbox: ${p}`);
  };
  return { root, srv, backups: join(varBackups, 'tsprov'), lock, host, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const NS_ENTRY =
  'mount --bind "$1" /srv && mount --bind "$2" /var/backups && mount --bind "$3" /run/lock && exec sh -s';

/** Starts `sh -s` with the script on stdin in its own process group (so tests can kill it whole). */
export function startScript(sb: Sandbox, script: string): { child: ChildProcess; result: Promise<RunResult> } {
  const child = spawn(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', NS_ENTRY, 'tsprov-ns', sb.srv, sb.host('/var/backups'), sb.lock],
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  child.stdin!.on('error', () => {}); // a killed script closes its stdin early
  child.stdin!.end(script);
  const result = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result };
}

export function runScript(sb: Sandbox, script: string): Promise<RunResult> {
  return startScript(sb, script).result;
}

/** Kills a rollback sleeper left by a commit-confirmed test (its own session, so by group). */
export function killSleeper(sb: Sandbox, runId: string): void {
  try {
    const [how, id] = readFileSync(join(sb.backups, runId, 'armed'), 'utf8').trim().split(' ');
    if (how === 'sleep' && id) process.kill(-Number(id), 'SIGKILL');
  } catch {
    // not armed any more: nothing to kill
  }
}
