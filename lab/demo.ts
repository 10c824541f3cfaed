// The README's demo: boot the two-VM lab of inventories/lab.yml, bond it with tsprov, pull a
// cable and let `tsprov verify` report the degraded slave, plug it back, verify clean, stop.
//   npm run demo            (as root: installs qemu & co. first; re-runnable)
import { spawnSync } from 'node:child_process';
import { labPairSpecs, setCable, withLab, type Vm } from './vm.ts';

const INV = 'inventories/lab.yml';

function say(text: string): void {
  console.log(`\n\u001b[1m=== ${text}\u001b[0m`);
}

function tsprov(...args: string[]): number {
  console.log(`$ tsprov ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['bin/tsprov.js', ...args], { stdio: 'inherit' });
  console.log(`(exit ${r.status})`);
  return r.status ?? 1;
}

async function waitSlave(vm: Vm, slave: string, want: 'up' | 'down'): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const text = (await vm.exec('cat /proc/net/bonding/bond0')).stdout;
    const block = text.split('Slave Interface: ').find((b) => b.startsWith(`${slave}\n`));
    if (block && new RegExp(`MII Status: ${want}`).test(block)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${vm.name}: ${slave} did not go ${want} within 30 s`);
}

say('booting the lab: lab1 and lab2, two e1000 bond NICs each, cabled back to back (~40 s the first time, then restored from a saved state in ~5 s)');
await withLab(labPairSpecs(22200), async ([lab1, lab2]) => {
  if (!lab1 || !lab2) throw new Error('lab did not start');
  say('preconditions and facts');
  tsprov('facts', '-i', INV, '--limit', 'lab1');
  say('bond both VMs (installs ifenslave from the image-local repo, writes the config, verifies, confirms)');
  const run = tsprov('run', 'playbooks/bonding.yml', '-i', INV, '--diff');
  if (run !== 0) throw new Error(`tsprov run failed (exit ${run})`);
  say('ping across the bond');
  console.log((await lab1.exec('ping -c 3 192.168.77.2')).stdout);
  say('pull the cable of eth1 (both ends) — the bond stays up, verify reports the degraded slave');
  await setCable(lab1, lab2, 'nic1', false);
  await waitSlave(lab1, 'eth1', 'down');
  console.log((await lab1.exec('ping -c 3 192.168.77.2')).stdout);
  const degraded = tsprov('verify', '-i', INV);
  if (degraded !== 2) throw new Error(`expected verify to exit 2 with a slave down, got ${degraded}`);
  say('plug it back — verify is clean again');
  await setCable(lab1, lab2, 'nic1', true);
  await waitSlave(lab1, 'eth1', 'up');
  await waitSlave(lab2, 'eth1', 'up');
  const clean = tsprov('verify', '-i', INV);
  if (clean !== 0) throw new Error(`expected a clean verify, got exit ${clean}`);
  say('a second run changes nothing');
  tsprov('run', 'playbooks/bonding.yml', '-i', INV, '-o', 'plain');
  say('stopping the lab');
});
console.log('demo done');
