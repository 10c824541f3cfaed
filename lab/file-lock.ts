// An exclusive lock shared by every process on the machine, held through flock(1) by a child
// process: the kernel drops it when that child exits, and the child exits when this process does
// (its stdin closes), so a killed test run never leaves a lock behind.
import { spawn } from 'node:child_process';

/** Runs `fn` holding an exclusive flock on `path`; waits while another process holds it. */
export async function withFileLock<T>(path: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const holder = spawn('flock', ['-x', '-w', String(Math.ceil(timeoutMs / 1000)), path, '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  holder.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    holder.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('locked')) resolve();
    });
    holder.on('error', reject);
    holder.on('exit', (code) => reject(new Error(`flock ${path}: exit ${code} ${stderr.trim() || '(timed out waiting for the lock)'}`)));
  });
  try {
    return await fn();
  } finally {
    holder.stdin.end();
    await new Promise((r) => (holder.exitCode !== null ? r(undefined) : holder.once('exit', r)));
  }
}
