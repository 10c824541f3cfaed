// Captures the serial consoles that test/unit/lab/boot-diagnosis.test.ts reads: two fresh boots
// with the bond NICs' driver loaded first and their devices before the management NIC, one with
// the lab's MAC-pinned names and one without (`lab.ifname=` left off), where the kernel's probe
// order gives the management NIC's static config to an e1000 NIC and SSH never comes.
//   node --import tsx lab/capture-boot-consoles.ts OUTDIR [--base 23950]
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { ensureImage, kernelCmdline, labVmSpec, qemuArgs } from './vm.ts';

const outArg = process.argv[2];
if (!outArg) throw new Error('usage: lab/capture-boot-consoles.ts OUTDIR [--base N]');
const out: string = outArg;
const i = process.argv.indexOf('--base');
const base = i > 0 ? Number(process.argv[i + 1]) : 23950;
const image = await ensureImage();

async function boot(index: number, name: string, pinned: boolean): Promise<void> {
  const spec = { ...labVmSpec({ base, index, name }), deviceOrder: 'bond-first' as const, kernelArgs: 'modules-load=e1000' };
  const dir = mkdtempSync(join(tmpdir(), `tsprov-capture-${name}-`));
  const overlay = join(dir, 'disk.qcow2');
  spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', image.rootfs, '-F', 'raw', overlay]);
  const append = pinned ? kernelCmdline(spec) : kernelCmdline(spec).replace(/ lab\.ifname=\S+/g, '');
  const child = spawn('qemu-system-x86_64', qemuArgs(spec, image, dir, overlay, append), { stdio: 'ignore' });
  // Long enough for networking and lab-net-report under TCG; the console is all we want.
  const deadline = Date.now() + 180_000;
  const log = join(dir, 'serial.log');
  while (Date.now() < deadline && !(existsSync(log) && /lab-net: eth2 /.test(readFileSync(log, 'utf8')))) {
    await new Promise((r) => setTimeout(r, 1000));
  }
  child.kill('SIGKILL');
  copyFileSync(join(dir, 'serial.log'), join(out, `serial-${name}.txt`));
  rmSync(dir, { recursive: true, force: true });
  console.log(`wrote ${join(out, `serial-${name}.txt`)}`);
}

await Promise.all([boot(1, 'pinned', true), boot(2, 'unpinned', false)]);
