/**
 * The simulated fleet: N real sshd test hosts (test/harness), each in its own network and mount
 * namespace, in three starting states, with what the bench reads off them: connections and exec
 * sessions per host from each sshd's own log, and the CPU each host spent.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHosts, type TestHost } from '../../test/harness/test-host.ts';
import { processDir } from '../../test/harness/registry.ts';
import { fakeBondingKernelFiles, fakeDpkgStatus } from '../../test/integration/support/fleet.ts';
import { renderIfupdown } from '../../src/render/index.ts';
import { toBond } from '../../src/config/bond-normalise.ts';
import { shJoin } from '../../src/core/quote.ts';

export const STATES = ['no bond config', 'old config', 'right config'] as const;
export type StartState = (typeof STATES)[number];

const NONE = 'auto lo\niface lo inet loopback\n';
const OLD = `${NONE}\nauto eth1\niface eth1 inet dhcp\n`;

export interface BenchHost {
  name: string;
  host: TestHost;
  state: StartState;
  bond: Record<string, unknown>;
  /** /etc/network/interfaces at the start of every round. */
  startText: string;
  /** /etc/network/interfaces as tsprov renders it for this host's bond. */
  wantText: string;
  /** The PID of the host's listening sshd: its rusage accumulates every session it reaped. */
  sshdPid: number;
  /** The host's sshd log as last read (see logDelta). */
  seenLog: string;
}

export function bondFor(i: number): Record<string, unknown> {
  return { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], primary: 'eth1', miimon: 100, address: `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/16` };
}

/**
 * The file tsprov renders for this bond over the old config. The environment is what the test
 * hosts' facts say (no /etc/modutils, no ifenslave command, max_bonds=0 from systemd's
 * modprobe.d), as in test/integration/drift.test.ts, whose "matching" host proves it matches.
 */
function rightText(bond: Record<string, unknown>): string {
  const r = renderIfupdown({ bonds: [toBond(bond)], existing: { '/etc/network/interfaces': OLD }, env: { modutils: false, ifenslaveCommand: false, maxBondsZero: true } });
  return r.files.find((f) => f.path === '/etc/network/interfaces')!.content!;
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * PID of each listening sshd, by its config file: its command line (or, once in its accept loop,
 * its process title) holds `-f FILE`; a per-connection child re-executed with -R is not it.
 */
function sshdPids(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd: string;
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { continue; }
    const m = / -f (\S+\/sshd_config)\b/.exec(cmd);
    if (m && !/ -R\b/.test(cmd)) out.set(m[1]!, Number(pid));
  }
  return out;
}

const NEIGH = '/proc/sys/net/ipv4/neigh/default/gc_thresh';
let neighBefore: string[] | undefined;

/**
 * Every test host is a neighbour of this machine's root namespace (its own veth), and Linux keeps
 * at most gc_thresh3 (default 1024) neighbour entries, collecting them hard past gc_thresh2 (512):
 * at 1,000 hosts the kernel logged "neighbor table overflow", connections to some hosts stalled,
 * every scenario took about 71 s and 4-16 hosts were unreachable. So, for a fleet past 256 hosts,
 * the limits are raised to 4 entries per host (thresholds 1×, 2×, 4× N) and restored at exit.
 */
function raiseNeighbourLimits(n: number): void {
  if (n <= 256 || neighBefore) return;
  neighBefore = [1, 2, 3].map((i) => readFileSync(`${NEIGH}${i}`, 'utf8').trim());
  [n, 2 * n, 4 * n].forEach((v, i) => { if (v > Number(neighBefore![i])) writeFileSync(`${NEIGH}${i + 1}`, String(v)); });
  process.on('exit', () => neighBefore?.forEach((v, i) => { try { writeFileSync(`${NEIGH}${i + 1}`, v); } catch { /* namespace gone */ } }));
}

/**
 * Starts the hosts and switches each sshd to LogLevel VERBOSE, which logs every connection
 * ("Connection from") and every exec/shell/subsystem channel ("Starting session:"). The harness
 * starts sshd at INFO and offers no option for it, so the bench edits the host's sshd_config and
 * sends SIGHUP: sshd re-executes itself (same PID, same stderr the harness reads) with the new level.
 * The harness's MaxStartups 100:30:200 and MaxSessions 64 stay: every host has its own sshd, so a
 * host sees at most a few connections at once.
 */
export async function startFleet(n: number): Promise<BenchHost[]> {
  raiseNeighbourLimits(n);
  const hosts = await startTestHosts(n, { nics: ['eth1', 'eth2'], files: { ...fakeBondingKernelFiles(), ...fakeDpkgStatus(['ifenslave']) } });
  const pids = sshdPids();
  const fleet = hosts.map((host, i): BenchHost => {
    const conf = join(processDir(), `h${host.index}`, 'sshd_config');
    const sshdPid = pids.get(conf);
    if (sshdPid === undefined) throw new Error(`no listening sshd found for ${conf}`);
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^LogLevel .*$/m, 'LogLevel VERBOSE'));
    process.kill(sshdPid, 'SIGHUP');
    const state = STATES[i % STATES.length]!;
    const bond = bondFor(i);
    const wantText = rightText(bond);
    const startText = state === 'no bond config' ? NONE : state === 'old config' ? OLD : wantText;
    return { name: `h${String(i + 1).padStart(4, '0')}`, host, state, bond, startText, wantText, sshdPid, seenLog: '' };
  });
  for (const h of fleet) {
    const deadline = Date.now() + 10_000;
    while ((h.host.log().match(/Server listening on/g) ?? []).length < 2) {
      if (Date.now() > deadline) throw new Error(`${h.name}: sshd did not come back after SIGHUP:\n${h.host.log()}`);
      await sleep(20);
    }
    h.seenLog = h.host.log();
  }
  return fleet;
}

/** Puts every host back in its starting state (over nsenter, not ssh: no sshd log line, no sshd CPU). */
export async function resetFleet(fleet: BenchHost[]): Promise<void> {
  await inParallel(fleet, 16, async (h) => {
    const r = await h.host.execInHost(`mkdir -p /etc/network && printf %s ${shJoin([h.startText])} >/etc/network/interfaces && rm -rf /var/backups/tsprov`);
    if (r.exitCode !== 0) throw new Error(`${h.name}: reset failed: ${r.stderr}`);
  });
}

/** CPU seconds the host's sshd and everything it ran and reaped has used (utime+stime+cutime+cstime). */
function hostCpuS(h: BenchHost): number {
  const stat = readFileSync(`/proc/${h.sshdPid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields 14-17 of proc(5), counted from field 3 (state) after the command name.
  return (f[11]! + f[12]! + f[13]! + f[14]!) / 100;
}

export function fleetCpuS(fleet: BenchHost[]): number {
  return fleet.reduce((sum, h) => sum + hostCpuS(h), 0);
}

/**
 * Waits until every host's sshd has reaped its sessions (no child left), so their CPU is in its
 * rusage and their last log lines are written; then lets the harness read the log pipes.
 */
export async function settle(fleet: BenchHost[], timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const busy = (h: BenchHost): boolean => {
    try { return readFileSync(`/proc/${h.sshdPid}/task/${h.sshdPid}/children`, 'utf8').trim() !== ''; } catch { return false; }
  };
  let pending = fleet.filter(busy);
  while (pending.length > 0 && Date.now() < deadline) {
    await sleep(25);
    pending = pending.filter(busy);
  }
  await sleep(50);
  return pending.length === 0;
}

export interface Counts { conns: number; execs: number; complete: boolean }

/**
 * What the host's sshd logged since the last call. The harness keeps the last 16 KiB of each
 * sshd's stderr; a scenario adds about 1 KiB per connection, so the text before the new part is
 * found again by its tail. If it is not (the log wrapped), the counts are a lower bound.
 */
export function logDelta(h: BenchHost): Counts {
  const now = h.host.log();
  let added: string;
  let complete = true;
  if (now.startsWith(h.seenLog)) added = now.slice(h.seenLog.length);
  else {
    const anchor = h.seenLog.slice(-400);
    const at = anchor ? now.lastIndexOf(anchor) : -1;
    complete = at >= 0;
    added = at >= 0 ? now.slice(at + anchor.length) : now;
  }
  h.seenLog = now;
  return { conns: (added.match(/^Connection from /gm) ?? []).length, execs: (added.match(/^Starting session: /gm) ?? []).length, complete };
}
