/**
 * Inventory scale benchmark: writes a synthetic Ansible-style inventory of N hosts and times what
 * `tsprov validate -i FILE playbooks/bonding.yml` does, in-process (same functions as the CLI).
 *
 *   npm run bench:inventory -- --hosts 1000,10000,100000
 *
 * Each N runs in its own child process: maxRSS is a process-lifetime peak, so sharing one process
 * would report the largest N's peak for every N after it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLAYBOOK = 'playbooks/bonding.yml';
const RACK_SIZE = 500;
const DCS = 10;
const MODES = ['802.3ad', 'active-backup', 'balance-rr', 'balance-xor'];

/**
 * `all` vars → dcN (vars) → dcN-rackM (vars, RACK_SIZE hosts each). Every host also sits in the
 * fleet-wide group `bonded`: one huge mapping, and every host in two groups, as real fleets have
 * (a location tree plus a role group).
 */
export function inventoryYaml(n: number): string {
  const out: string[] = ['all:', '  vars:', '    ansible_user: deploy', '    become: true', '  children:'];
  const racks = Math.max(1, Math.ceil(n / RACK_SIZE));
  const byDc = new Map<number, number[]>();
  for (let r = 0; r < racks; r++) byDc.set(r % DCS, [...(byDc.get(r % DCS) ?? []), r]);
  for (const [dc, rs] of byDc) {
    out.push(`    dc${dc}:`, '      vars:', `        dns_server: 10.${dc}.0.53`, '      children:');
    for (const r of rs) {
      out.push(`        dc${dc}-rack${r}:`, '          vars:', `            rack: ${r}`, '          hosts:');
      for (let h = r * RACK_SIZE; h < Math.min(n, (r + 1) * RACK_SIZE); h++) out.push(...hostYaml(h));
    }
  }
  out.push('    bonded:', '      vars:', '        backend: ifupdown', '      hosts:');
  for (let h = 0; h < n; h++) out.push(`        ${hostName(h)}:`);
  return out.join('\n') + '\n';
}

export const hostName = (h: number): string => `node${String(h).padStart(6, '0')}`;

function hostYaml(h: number): string[] {
  const ip = `10.${(h >> 16) & 255}.${(h >> 8) & 255}.${h & 255}`;
  return [
    `            ${hostName(h)}:`,
    `              ansible_host: 192.0.${(h >> 8) & 255}.${h & 255}`,
    '              bonds:',
    '                - name: bond0',
    `                  mode: ${MODES[h % MODES.length]}`,
    '                  slaves: [eth1, eth2]',
    '                  miimon: 100',
    `                  address: ${ip}/8`,
  ];
}

interface Sample {
  hosts: number;
  problems: number;
  bytes: number;
  ms: number;
  cpuMs: number;
  rssMiB: number;
  heapMiB: number;
}

/** One measurement, in a fresh process (see the header). */
async function child(n: number, dir: string): Promise<Sample> {
  const { checkProject } = await import('../src/inventory/validate.ts');
  const { MODULE_CATALOG } = await import('../src/modules/schemas.ts');
  const file = join(dir, `inventory-${n}.yml`);
  writeFileSync(file, inventoryYaml(n));
  const bytes = statSync(file).size;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = checkProject([file], PLAYBOOK, MODULE_CATALOG);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (r.problems.length) console.error(r.problems.slice(0, 5));
  return {
    hosts: r.hosts.length,
    problems: r.problems.length,
    bytes,
    ms,
    // CPU time as well as wall time: on a shared machine the wall clock includes other tenants' load.
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

function parseHosts(argv: string[]): number[] {
  const i = argv.indexOf('--hosts');
  const list = i >= 0 ? argv[i + 1] : '1000,10000,100000';
  const ns = (list ?? '').split(',').map(Number);
  if (!ns.length || ns.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`--hosts wants a comma-separated list of counts; got ${list}`);
  return ns;
}

async function main(argv: string[]): Promise<void> {
  const c = argv.indexOf('--child');
  if (c >= 0) {
    const sample = await child(Number(argv[c + 1]), argv[c + 2]!);
    process.stdout.write(JSON.stringify(sample) + '\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-bench-'));
  const self = fileURLToPath(import.meta.url);
  console.log(`validate -i <N hosts> ${PLAYBOOK}  (node ${process.version}, in-process checkProject, one child per N)`);
  console.log('     hosts      file MB   problems     wall s      cpu s   µs/host   maxRSS MiB');
  let prev: Sample | undefined;
  try {
    for (const n of parseHosts(argv)) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', String(n), dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (run.status !== 0) throw new Error(`child for ${n} hosts failed (${run.status}):\n${run.stderr}`);
      const s = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Sample;
      const ratio = prev ? `  (×${(s.ms / prev.ms).toFixed(1)} time for ×${(s.hosts / prev.hosts).toFixed(0)} hosts)` : '';
      console.log(
        `${String(s.hosts).padStart(10)} ${(s.bytes / 2 ** 20).toFixed(1).padStart(12)} ${String(s.problems).padStart(10)} ` +
          `${(s.ms / 1000).toFixed(2).padStart(10)} ${(s.cpuMs / 1000).toFixed(2).padStart(10)} ${((s.ms * 1000) / s.hosts).toFixed(0).padStart(9)} ${s.rssMiB.toFixed(0).padStart(12)}${ratio}`,
      );
      prev = s;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Only as a script: importing the generator (for profiling) must not start a run.
if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
