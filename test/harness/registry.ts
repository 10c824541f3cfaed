import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './proc.ts';
import { destroyNetworkSync, MAX_INDEX } from './netns.ts';

/**
 * Host indices are shared by every process on the machine (test files run in parallel), so each
 * index is claimed with an atomic mkdir of /run/tsprov-harness/locks/<idx> holding the owner's PID.
 * Claims left by dead processes are cleaned (their namespaces and processes killed) and reused.
 */
export const HARNESS_ROOT = '/run/tsprov-harness';
const LOCKS = join(HARNESS_ROOT, 'locks');
let cursor = 0;
let swept = false;

export function processDir(): string {
  return join(HARNESS_ROOT, `p${process.pid}`);
}

function ownerOf(index: number): number | undefined {
  try {
    return Number(readFileSync(join(LOCKS, String(index), 'owner'), 'utf8'));
  } catch {
    return undefined;
  }
}

function reclaimIfStale(index: number): boolean {
  const owner = ownerOf(index);
  if (owner !== undefined && (owner === process.pid || isAlive(owner))) return false;
  destroyNetworkSync(index);
  rmSync(join(LOCKS, String(index)), { recursive: true, force: true });
  return true;
}

/** Once per process: reclaim stale claims and remove process dirs of dead harness processes. */
export function sweepStale(): void {
  if (swept) return;
  swept = true;
  mkdirSync(LOCKS, { recursive: true });
  chmodSync(HARNESS_ROOT, 0o755);
  for (const name of readdirSync(LOCKS)) if (/^\d+$/.test(name)) reclaimIfStale(Number(name));
  for (const name of readdirSync(HARNESS_ROOT)) {
    const m = /^p(\d+)$/.exec(name);
    if (m && !isAlive(Number(m[1]))) rmSync(join(HARNESS_ROOT, name), { recursive: true, force: true });
  }
}

function tryClaim(index: number): boolean {
  const dir = join(LOCKS, String(index));
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A lock dir without an owner file may be a claim in progress by another process.
    if (ownerOf(index) === undefined || !reclaimIfStale(index)) return false;
    return tryClaim(index);
  }
  writeFileSync(join(dir, 'owner'), String(process.pid));
  return true;
}

export function claimIndex(wanted?: number): number {
  sweepStale();
  if (wanted !== undefined) {
    if (!tryClaim(wanted)) throw new Error(`test host index ${wanted} is in use by process ${ownerOf(wanted)}`);
    return wanted;
  }
  for (let n = 0; n <= MAX_INDEX; n++) {
    const i = (cursor + n) % (MAX_INDEX + 1);
    if (tryClaim(i)) { cursor = i + 1; return i; }
  }
  throw new Error('no free test host index');
}

export function releaseIndex(index: number): void {
  if (ownerOf(index) === process.pid) rmSync(join(LOCKS, String(index)), { recursive: true, force: true });
}
