/**
 * One measured process: wall time from spawn to exit (our clock), CPU and peak RSS from GNU time
 * (the kernel's rusage of the process and every child it waited for), machine-wide busy CPU from
 * /proc/stat around it. Output goes to files, not through this process, so the bench itself adds
 * as little as possible to the machine while the subject runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  wallS: number;
  /** user + sys of the process and its waited-for children. */
  cpuS: number;
  /** Largest RSS of the process or of any one waited-for child, in MB. */
  maxRssMb: number;
  /** Every core's non-idle time during the run: subject, fleet, kernel, this bench, anything else. */
  machineBusyS: number;
  exitCode: number;
  stdoutPath: string;
  stderrPath: string;
}

const TICK_S = 0.01; // USER_HZ is 100 on every Linux architecture tsprov runs on.

/** Non-idle CPU seconds of the whole machine since boot (/proc/stat: all but idle and iowait). */
export function machineBusyS(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return (user + nice + system + irq + softirq + steal) * TICK_S;
}

let running: ChildProcess | undefined;
/** Ends the measured process and everything it started (Ctrl-C), before the hosts go. */
export function killRunning(): void {
  if (running?.pid) try { process.kill(-running.pid, 'SIGKILL'); } catch { /* already gone */ }
}

export async function measure(argv: string[], o: { cwd: string; outDir: string; tag: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const timeFile = join(o.outDir, `${o.tag}.time`);
  const stdoutPath = join(o.outDir, `${o.tag}.out`);
  const stderrPath = join(o.outDir, `${o.tag}.err`);
  const out = openSync(stdoutPath, 'w');
  const err = openSync(stderrPath, 'w');
  const busy0 = machineBusyS();
  const t0 = process.hrtime.bigint();
  // Its own process group, so killRunning() can end GNU time and the subject together.
  const child = spawn(GNU_TIME, ['-f', '%U %S %M %x', '-o', timeFile, ...argv], { cwd: o.cwd, stdio: ['ignore', out, err], env: o.env ?? process.env, detached: true });
  running = child;
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c ?? 128));
  }).finally(() => { running = undefined; closeSync(out); closeSync(err); });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const machine = machineBusyS() - busy0;
  // GNU time writes "Command exited with non-zero status N" first when the subject fails.
  const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
  const [u, s, rssKb, x] = line.split(' ').map(Number);
  if (u === undefined || s === undefined || rssKb === undefined || Number.isNaN(u)) throw new Error(`${GNU_TIME} wrote no usage for ${argv.join(' ')}: ${line}`);
  return { wallS, cpuS: u + s, maxRssMb: rssKb / 1024, machineBusyS: machine, exitCode: Number.isNaN(x) ? code : x ?? code, stdoutPath, stderrPath };
}

export interface Spread { median: number; min: number; max: number }

export function spread(values: number[]): Spread {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]! };
}
