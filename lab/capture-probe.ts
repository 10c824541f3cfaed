// Captures the facts probe's real output from a lab VM for the golden fixtures: a bookworm VM
// with ifenslave installed, bond0 (balance-rr, miimon 100) over eth1+eth2, and eth2's cable
// pulled, probed over a real SSH session as tsprov does (one exec, as root).
//   node --import tsx lab/capture-probe.ts OUT.txt [--base 23900]
import { writeFileSync } from 'node:fs';
import { PROBE_COMMAND } from '../src/facts/gather.ts';
import { labVmSpec, withLab } from './vm.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: lab/capture-probe.ts OUT.txt [--base N]');
const i = process.argv.indexOf('--base');
const base = i > 0 ? Number(process.argv[i + 1]) : 23900;
const BOND = 'auto bond0\niface bond0 inet static\n    address 192.168.77.1/24\n    bond-slaves eth1 eth2\n    bond-mode balance-rr\n    bond-miimon 100\n';

await withLab([labVmSpec({ base, index: 0, name: 'capture' })], async ([vm]) => {
  if (!vm) throw new Error('lab did not start');
  const must = async (cmd: string): Promise<string> => {
    const r = await vm.exec(cmd, 120_000);
    if (r.exitCode !== 0) throw new Error(`${cmd}: exit ${r.exitCode}\n${r.stderr}`);
    return r.stdout;
  };
  await must(`apt-get install -y -q ifenslave >/dev/null && printf '%s' '${BOND}' > /etc/network/interfaces.d/bond0 && ifup bond0`);
  await vm.setLink('nic2', false);
  for (let t = 0; t < 60; t++) {
    const s = await must('cat /proc/net/bonding/bond0');
    if (/Slave Interface: eth2\nMII Status: down/.test(s) && /Slave Interface: eth1\nMII Status: up/.test(s)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const t0 = Date.now();
  const r = await vm.exec(PROBE_COMMAND, 120_000);
  if (r.exitCode !== 0) throw new Error(`probe exit ${r.exitCode}: ${r.stderr}`);
  writeFileSync(out, r.stdout);
  console.log(`wrote ${out} (${r.stdout.length} bytes, probe took ${Date.now() - t0} ms)`);
});
