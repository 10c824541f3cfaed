import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { labUnavailableReason, startVm, type Vm, type VmSpec } from '../../../lab/vm.ts';

const unavailable = labUnavailableReason();
/** Skip option for e2e suites: loud when skipping, never skipped under CI=true. */
export function labSkip(): string | false {
  if (!unavailable) return false;
  if (process.env.CI === 'true') return false;
  console.error(`\n!!! SKIPPING VM lab tests: ${unavailable} !!!\n`);
  return unavailable;
}

/** Host vars declaring bond0 over eth1+eth2 (balance-rr, miimon 100) at `addr`, plus `extra`. */
export function bondVars(addr: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { bonds: [{ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100, address: addr, ...extra }] };
}

export interface LabHostDecl {
  vm?: Vm;
  /** For hosts that are meant to be unreachable. */
  port?: number;
  vars: Record<string, unknown>;
}

/**
 * tsprov's connect timeout for lab VMs. A handshake costs an emulated guest about 1 s of CPU here
 * and several times that on a slower or loaded CI machine; the timeout only bounds how long a
 * dead VM takes to be reported, so it is generous. Hosts meant to be unreachable set their own.
 */
export const LAB_CONNECT_TIMEOUT_S = 30;

/** An inventory for lab VMs: 127.0.0.1:<ssh port>, the lab's key and known_hosts, strict keys. */
export function labInventory(hosts: Record<string, LabHostDecl>, groupVars: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-e2e-'));
  const entries: Record<string, unknown> = {};
  let keyPath = '';
  let knownHosts = '';
  for (const [name, h] of Object.entries(hosts)) {
    if (h.vm) {
      keyPath = h.vm.keyPath;
      knownHosts = h.vm.knownHostsPath;
    }
    entries[name] = { address: '127.0.0.1', port: h.vm?.sshPort ?? h.port, ...h.vars };
  }
  const file = join(dir, 'inventory.yml');
  writeFileSync(file, stringify({ all: { vars: { user: 'root', identity_file: keyPath, known_hosts_file: knownHosts, backend: 'ifupdown', connect_timeout: LAB_CONNECT_TIMEOUT_S, ...groupVars }, hosts: entries } }));
  return file;
}

export async function vmRun(vm: Vm, cmd: string): Promise<string> {
  const r = await vm.exec(cmd);
  assert.equal(r.exitCode, 0, `${vm.name}: \`${cmd}\` failed (${r.exitCode}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Polls until `pred` holds for /proc/net/bonding/<bond>, or fails with the last state seen. */
export async function waitBond(vm: Vm, pred: (text: string) => boolean, what: string, bond = 'bond0', timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const r = await vm.exec(`cat /proc/net/bonding/${bond}`);
    last = r.stdout + r.stderr;
    if (r.exitCode === 0 && pred(r.stdout)) return r.stdout;
    if (Date.now() > deadline) assert.fail(`${vm.name}: timed out waiting for ${what}; last ${bond} state:\n${last}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Polls a shell condition in the VM until it holds (backends act asynchronously), or fails naming it. */
export async function waitExec(vm: Vm, cond: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await vm.exec(cond)).exitCode !== 0) {
    if (Date.now() > deadline) assert.fail(`${vm.name}: timed out waiting for ${what} (${cond})`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Per-slave MII status from /proc/net/bonding text: { eth1: 'up', eth2: 'down' }. */
export function slaveMii(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let cur: string | undefined;
  for (const line of text.split('\n')) {
    const s = /^Slave Interface: (\S+)/.exec(line);
    if (s) cur = s[1];
    const m = /^MII Status: (\S+)/.exec(line);
    if (m && cur) {
      out[cur] = m[1]!;
      cur = undefined;
    }
  }
  return out;
}

/** Boots VMs in parallel; if any fails, stops the ones that came up and throws the first error. */
export async function startAll(specs: VmSpec[]): Promise<Vm[]> {
  const settled = await Promise.allSettled(specs.map((s) => startVm(s)));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return settled.map((r) => (r as PromiseFulfilledResult<Vm>).value);
  await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  throw failed.reason;
}
