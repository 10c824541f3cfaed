import { execFile } from 'node:child_process';
import { release } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { TestHost } from '../../harness/test-host.ts';

/**
 * What a test host needs to pass the bonding preconditions although it runs on this machine's
 * kernel (which has no CONFIG_BONDING): a kernel config claiming bonding is built in. This is a
 * FAKE, named as such: only the lab VMs prove bonding for real.
 */
export function fakeBondingKernelFiles(): Record<string, string> {
  return { [`/boot/config-${release()}`]: '# FAKE for tsprov tests: the real kernel has no bonding\nCONFIG_BONDING=y\nCONFIG_MII=y\n' };
}

export interface InvHost {
  host: TestHost;
  vars?: Record<string, unknown>;
}

/** Writes an inventory YAML for test hosts: address/port/key/known_hosts from the harness. */
export function writeInventory(dir: string, hosts: Record<string, InvHost>, groupVars: Record<string, unknown> = {}): string {
  const all: Record<string, unknown> = {};
  for (const [name, { host, vars }] of Object.entries(hosts)) {
    all[name] = { address: host.address, port: host.port, user: 'root', identity_file: host.clientKeyPath, known_hosts_file: host.knownHostsPath, ...vars };
  }
  const file = join(dir, 'inventory.yml');
  writeFileSync(file, stringify({ all: { vars: groupVars, hosts: all } }));
  return file;
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the real CLI (bin/tsprov.js) as a user would. */
export function tsprov(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/tsprov.js', ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? 99 : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

/**
 * This machine's dpkg status plus entries claiming the named packages are installed: a FAKE
 * (nothing is unpacked) so a test host passes the "ifenslave installed" precondition without
 * apt touching this machine's shared /usr.
 */
export function fakeDpkgStatus(packages: string[]): Record<string, string> {
  const real = readFileSync('/var/lib/dpkg/status', 'utf8').replace(/\n*$/, '\n');
  const extra = packages.map((p) => `\nPackage: ${p}\nStatus: install ok installed\nPriority: optional\nSection: net\nMaintainer: FAKE for tsprov tests\nArchitecture: all\nVersion: 0-fake\nDescription: FAKE entry for tsprov tests\n`).join('');
  return { '/var/lib/dpkg/status': real + extra };
}
