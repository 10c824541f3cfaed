import { posix } from 'node:path';

/** Names derived from a target path at generation time, so the shell never has to parse a path. */
export function dirOf(target: string): string {
  return posix.dirname(target);
}

export function tempBeside(target: string, runId: string, n: number, tag = 'tmp'): string {
  const dir = dirOf(target);
  return `${dir === '/' ? '' : dir}/.tsprov-${tag}.${runId}.${n}`;
}

export function backupCopy(backupDir: string, target: string): string {
  return `${backupDir}/files${target}`;
}
