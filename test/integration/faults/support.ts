/**
 * Shared by the fault tests: hosts carrying two known files, the real CLI with a JSON report,
 * and the "nothing torn, nothing lost" checks (hashes of every target and of its backup).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost, type TestHostOptions } from '../../harness/test-host.ts';
import { run } from '../../harness/proc.ts';
import { processDir } from '../../harness/registry.ts';
import type { CliResult } from '../support/fleet.ts';

export const PLAY = 'test/integration/faults/fixtures/two-files.yml';
export const A = '/etc/tsprov-faults/a.conf';
export const B = '/etc/tsprov-faults/sub/b.conf';
export const OLD = { [A]: 'old a\n', [B]: 'old b\n' } as const;
/** Per-host vars giving each host its own new content, so a mixed-up write shows. */
export function newContent(name: string): { a: string; b: string } {
  return { a: `new a for ${name}\n`, b: `new b for ${name}\n` };
}

export const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** A test host holding the old a.conf and b.conf. */
export function faultHost(opts: TestHostOptions = {}): Promise<TestHost> {
  return startTestHost({ nics: ['eth1'], ...opts, files: { ...OLD, ...opts.files } });
}

export interface ReportHost {
  host: string;
  status: string;
  message?: string;
  errorKind?: string;
  durationMs: number;
  notes: string[];
}
export interface Report {
  runId: string;
  exitCode: number;
  durationMs: number;
  hosts: ReportHost[];
}
export interface Outcome extends CliResult {
  report: Report;
  /** Wall time of the whole CLI process. */
  wallMs: number;
  host(name: string): ReportHost;
  /** One line per host (status, kind, time) and the run's: for the test's diagnostics. */
  summary(): string;
}

/**
 * Runs the real CLI (bin/tsprov.js) with a JSON report and plain progress lines; `watch` sees
 * the output as it comes (to strike a fault at a given phase). `host(name)` fails the test
 * when the host is missing from the report.
 */
export async function runWithReport(dir: string, args: string[], watch?: (output: string) => void): Promise<Outcome> {
  const json = join(mkdtempSync(join(dir, 'r-')), 'report.json');
  const started = Date.now();
  const child = spawn(process.execPath, ['bin/tsprov.js', ...args, '--report-json', json, '-o', 'plain'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); watch?.(out + err); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); watch?.(out + err); });
  const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 99)));
  clearTimeout(killer);
  const wallMs = Date.now() - started;
  let report: Report;
  try {
    report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  } catch (e) {
    throw new Error(`no JSON report (exit ${code}): ${String(e)}\n${out}\n${err}`);
  }
  return {
    code, out, err, report, wallMs,
    summary: () => [
      `exit ${code}, run ${wallMs} ms`,
      ...report.hosts.map((h) => `${h.host}: ${h.status}${h.errorKind ? ` (${h.errorKind})` : ''} in ${h.durationMs} ms${h.message ? ` — ${h.message.split('\n')[0]}` : ''}`),
    ].join('\n'),
    host(name) {
      const h = report.hosts.find((x) => x.host === name);
      assert.ok(h, `host ${name} missing from the report: ${JSON.stringify(report.hosts.map((x) => x.host))}`);
      return h;
    },
  };
}

/** sha256 of a file inside the host (or "absent"), read as root in its namespaces. */
export async function hashIn(h: TestHost, path: string): Promise<string> {
  const r = await h.execInHost(`if [ -e '${path}' ]; then sha256sum < '${path}'; else echo absent; fi`);
  return r.stdout.trim().split(/\s+/)[0]!;
}

/** Every target is byte for byte its old or its new content, never a mix; returns which. */
export async function assertOldOrNew(h: TestHost, path: string, old: string, next: string): Promise<'old' | 'new'> {
  const got = await hashIn(h, path);
  if (got === sha(old)) return 'old';
  if (got === sha(next)) return 'new';
  const text = (await h.execInHost(`cat '${path}' 2>&1`)).stdout;
  assert.fail(`${h.name}:${path} is torn: neither its old nor its new content: ${JSON.stringify(text)}`);
}

/** The run's backup of `path` exists and holds exactly the old content. */
export async function assertBackup(h: TestHost, runId: string, path: string, old: string): Promise<void> {
  assert.equal(await hashIn(h, `/var/backups/tsprov/${runId}/files${path}`), sha(old), `${h.name}: backup of ${path} in run ${runId}`);
}

/** No temp file of any run is left beside the targets. */
export async function assertNoTemps(h: TestHost, dirs: string[]): Promise<void> {
  const r = await h.execInHost(`ls -A ${dirs.map((d) => `'${d}'`).join(' ')} 2>/dev/null | grep -- '^\\.tsprov-' || true`);
  assert.equal(r.stdout, '', `${h.name}: temp files left: ${r.stdout}`);
}

const comm = (pid: number): string => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };
const ppid = (pid: number): number => { try { return Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]); } catch { return 0; } };
const netnsPids = async (h: TestHost): Promise<number[]> => (await run('ip', ['netns', 'pids', h.netns])).stdout.split(/\s+/).filter(Boolean).map(Number);

/**
 * Kills the host's SSH sessions (every sshd in its network namespace except the listener, which
 * is the one whose parent is not an sshd): the connection drops as if the host vanished
 * mid-command, while new connections are still accepted. Returns how many were killed.
 */
export async function killSessions(h: TestHost): Promise<number> {
  const pids = await netnsPids(h);
  const sessions = pids.filter((p) => comm(p) === 'sshd' && comm(ppid(p)) === 'sshd');
  for (const p of sessions) {
    try { process.kill(p, 'SIGKILL'); } catch { /* already gone */ }
  }
  return sessions.length;
}

/** Polls the host until `cmd` succeeds inside it (e.g. a marker the handler writes). */
export async function waitInHost(h: TestHost, cmd: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await h.execInHost(cmd)).exitCode === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${h.name}: "${cmd}" did not succeed within ${timeoutMs} ms`);
}

/**
 * A FAKE host, named as such: a TCP listener on loopback that accepts and never sends a byte
 * (a real sshd always sends its banner, so it cannot play this fault).
 */
export async function silentListener(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  let accepted = 0;
  const server: Server = createServer((s) => { accepted++; sockets.push(s); s.on('error', () => {}); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

/** The listener sshd of a host: the sshd in its namespace whose parent is not an sshd. */
function listenerPid(pids: number[]): number | undefined {
  return pids.find((p) => comm(p) === 'sshd' && comm(ppid(p)) !== 'sshd');
}

/**
 * Gives a host (started with `uniqueHostKey`) a new host key for real: the key file is
 * regenerated and sshd restarted with SIGHUP (it re-execs and reloads its keys), as after a
 * reinstall. The known_hosts of the inventory still holds the old key.
 */
export async function regenerateHostKey(h: TestHost): Promise<void> {
  const keyPath = join(processDir(), `h${h.index}`, 'host_ed25519');
  // Written as the host sees it: /run is an overlay inside the host, so a file replaced behind
  // its back (in the lower layer) may never show there.
  const gen = await h.execInHost(`rm -f '${keyPath}' '${keyPath}.pub' && ssh-keygen -q -t ed25519 -N '' -C tsprov-fault-new-key -f '${keyPath}'`);
  assert.equal(gen.exitCode, 0, gen.stderr);
  const pids = await netnsPids(h);
  const pid = listenerPid(pids);
  assert.ok(pid, `${h.name}: no listening sshd found`);
  const listening = (): number => h.log().split('Server listening on').length;
  const before = listening();
  process.kill(pid, 'SIGHUP');
  for (let i = 0; i < 100 && listening() === before; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(listening() > before, `${h.name}: sshd did not come back after SIGHUP:\n${h.log()}`);
}

/** Makes a host slow for real: a token bucket on its management NIC (inside its namespace). */
export async function throttle(h: TestHost, rate: string): Promise<void> {
  const r = await h.execInHost(`tc qdisc add dev mgmt0 root tbf rate ${rate} burst 1600 latency 60s`);
  assert.equal(r.exitCode, 0, `tc on ${h.name}: ${r.stderr}`);
}
