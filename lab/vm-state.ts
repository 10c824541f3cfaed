// Saved VM states: the first VM of a kind boots from scratch once, as a template with the lab's
// canonical MACs, and is saved (QMP `migrate` to a file) right after boot; every VM of that kind
// after it, in this process or a later one, is restored from the file (`-incoming`) in a few
// seconds instead of booted in 20–60. A restored VM gets its own disk overlay on top of the
// template's, its own ports, and then its own bond-NIC MACs, hostname and clock (personalize()).
// A kind is everything the guest sees: image, qemu version, accelerator, memory, NIC models,
// names and order, kernel arguments. Ports, paths and per-VM MACs are not part of it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, type LabImage } from './image.ts';
import { nicNames, type NicName } from './nic-names.ts';
import type { Vm, VmSpec } from './vm.ts';

export const STATES_DIR = join(CACHE_DIR, 'states');
/** The template's hostname; a restored VM is renamed to its spec's name. */
export const TEMPLATE_NAME = 'lab';

export interface SavedState {
  dir: string;
  stateFile: string;
  disk: string;
  /** The template's kernel command line: a restore must pass the very same one. */
  append: string;
  /** The names and MACs the guest has at restore time (the template's). */
  nics: NicName[];
}

const templateMac = (j: number): string => `52:54:00:7e:00:${j.toString(16).padStart(2, '0')}`;

/** The spec the template of `spec`'s kind boots with: same hardware, canonical name and MACs. */
export function templateSpec(spec: VmSpec): VmSpec {
  return {
    ...spec,
    name: TEMPLATE_NAME,
    mgmtMac: templateMac(0),
    nics: spec.nics.map((n, j) => ({ ...n, mac: templateMac(j + 1) })),
    fresh: true,
  };
}

let qemuVersionCache: string | undefined;
function qemuVersion(): string {
  qemuVersionCache ??= spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
  return qemuVersionCache;
}

/** Same key ⇔ a state saved from one can be restored into the other. */
export function stateKey(spec: VmSpec, image: LabImage, argsOf: (s: VmSpec) => string[]): string {
  const t = templateSpec(spec);
  const neutral: VmSpec = { ...t, sshPort: 0, nics: t.nics.map((n) => ({ ...n, localPort: 0, remotePort: 0 })) };
  const h = createHash('sha256').update(JSON.stringify({ image: image.dir, qemu: qemuVersion(), args: argsOf(neutral) }));
  return h.digest('hex').slice(0, 16);
}

export function readState(dir: string): SavedState | undefined {
  if (!existsSync(join(dir, 'READY'))) return undefined;
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { append: string; nics: NicName[] };
  return { dir, stateFile: join(dir, 'state.bin'), disk: join(dir, 'disk.qcow2'), append: meta.append, nics: meta.nics };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Saves a freshly booted template `vm` into `buildDir` (which holds its overlay as disk.qcow2)
 * and stops it. Waits for the boot to settle first, so no unit is half-started in the state.
 */
export async function saveTemplate(vm: Vm, buildDir: string, append: string, spec: VmSpec): Promise<void> {
  const settle = await vm.exec('systemctl is-system-running --wait; systemctl is-active lab-nic-names.service; sync', 120_000);
  const [system, naming] = settle.stdout.split('\n');
  if (!/^(running|degraded)$/.test(system ?? '')) throw new Error(`template did not finish booting: ${settle.stdout}${settle.stderr}`);
  // Every VM restored from it inherits its NIC names: a template whose naming failed is not saved.
  if (naming !== 'active') {
    const journal = await vm.exec('journalctl -b -u lab-nic-names.service -o cat');
    throw new Error(`template: lab-nic-names.service is ${naming}, so its NIC names cannot be trusted:\n${journal.stdout}`);
  }
  // The guest end of the shared SSH connection would be saved too: close it and let sshd see it.
  vm.disconnect();
  await sleep(1000);
  const stateFile = join(buildDir, 'state.bin');
  await vm.qmp('migrate-set-parameters', { 'max-bandwidth': 8 * 1024 ** 3 });
  await vm.qmp('migrate', { uri: `exec:cat > '${stateFile.replace(/'/g, `'\\''`)}'` });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const info = (await vm.qmp('query-migrate')) as { status?: string; 'error-desc'?: string };
    if (info.status === 'completed') break;
    if (info.status === 'failed' || info.status === 'cancelled') throw new Error(`saving the template failed: ${info['error-desc'] ?? info.status}`);
    if (Date.now() > deadline) throw new Error(`saving the template took over 180 s (status ${info.status})`);
    await sleep(200);
  }
  await vm.stop({ graceful: false });
  renameSync(vm.serialLogPath, join(buildDir, 'template-serial.log'));
  chmodSync(join(buildDir, 'disk.qcow2'), 0o444);
  chmodSync(stateFile, 0o444);
  writeFileSync(join(buildDir, 'meta.json'), `${JSON.stringify({ append, nics: nicNames(spec), created: new Date().toISOString(), bootMs: vm.bootMs, stateBytes: statSync(stateFile).size }, null, 2)}\n`);
  writeFileSync(join(buildDir, 'READY'), '');
}

/** Moves a finished build into place and drops states of images that no longer exist. */
export function installState(buildDir: string, dir: string, image: LabImage): void {
  rmSync(dir, { recursive: true, force: true });
  renameSync(buildDir, dir);
  writeFileSync(join(dir, 'image'), image.dir);
  for (const name of readdirSync(STATES_DIR)) {
    const other = join(STATES_DIR, name);
    const img = join(other, 'image');
    if (name.startsWith('.') || !existsSync(img)) continue;
    if (!existsSync(readFileSync(img, 'utf8').trim())) rmSync(other, { recursive: true, force: true });
  }
}

export function newBuildDir(key: string): string {
  mkdirSync(STATES_DIR, { recursive: true });
  const dir = join(STATES_DIR, `.build-${key}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  return dir;
}

/**
 * The one exec that makes a restored template this VM: its clock (the state may be days old),
 * hostname and bond-NIC MACs. The management NIC keeps the template's MAC: qemu's user network
 * learns the guest's MAC from its first ARP reply, so changing it would cut the very SSH session
 * that changes it.
 */
export function personalizeCommand(spec: VmSpec, now = Date.now()): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(spec.name)) throw new RangeError(`VM name ${JSON.stringify(spec.name)} is not a hostname`);
  const names = nicNames(spec).filter((n) => n.id !== 'mgmt');
  return [
    `date -s @${Math.floor(now / 1000)} >/dev/null`,
    `hostname ${spec.name}`,
    `echo ${spec.name} > /etc/hostname`,
    ...names.map((n) => `ip link set dev ${n.ifname} address ${n.mac}`),
    ...names.map((n) => `echo ${n.ifname} $(cat /sys/class/net/${n.ifname}/address)`),
  ].join(' && ');
}
