// Debian VMs under qemu for the lab: boot from the cached image through a private qcow2 overlay
// (or restore a saved state of the same kind, lab/vm-state.ts), reach them over OpenSSH, pull
// their cables through QMP, always stop them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { acquireBootSlot } from './boot-slots.ts';
import { bootDiagnosis } from './boot-diagnosis.ts';
import { withFileLock } from './file-lock.ts';
import { CACHE_DIR, ensureImage, type LabImage } from './image.ts';
import { DEFAULT_MGMT_MAC, ifnameKernelArgs, nicNames, type NicName } from './nic-names.ts';
import { qmpCommand } from './qmp.ts';
import { closeMaster, sshBannerSeen, sshExec, writeKnownHosts, type LabExecResult } from './ssh.ts';
import {
  STATES_DIR, installState, newBuildDir, personalizeCommand, readState, saveTemplate, stateKey, templateSpec,
  type SavedState,
} from './vm-state.ts';

export { ensureImage, labUnavailableReason, CACHE_DIR, type LabImage } from './image.ts';
export { labVmSpec, labPairSpecs, cableBackToBack, macFor } from './ports.ts';
export { QmpError } from './qmp.ts';
export type { LabExecResult } from './ssh.ts';
export type { NicName } from './nic-names.ts';

export type NicModel = 'e1000' | 'virtio-net-pci' | 'i82559er';

export interface NicSpec {
  id: string;
  mac: string;
  model?: NicModel;
  localPort: number;
  remotePort: number;
  /** The guest's name for it; default eth<position + 1>. */
  ifname?: string;
}

export interface VmSpec {
  name: string;
  sshPort: number;
  nics: NicSpec[];
  memMb?: number;
  workDir?: string;
  mgmtMac?: string;
  /** Defaults to ensureImage(). */
  image?: LabImage;
  /** Appended to the kernel command line, e.g. "bonding.max_bonds=2". */
  kernelArgs?: string;
  /** PCI order of the NICs: the management NIC first (default) or last. */
  deviceOrder?: 'management-first' | 'bond-first';
  /** Boot from scratch even when a saved state of this kind exists (LAB_RESTORE=0: always). */
  fresh?: boolean;
  /** Seconds to wait for SSH after starting qemu (default: LAB_BOOT_TIMEOUT_S, else 600). */
  bootTimeoutS?: number;
}

export interface Vm {
  name: string;
  pid: number;
  sshPort: number;
  keyPath: string;
  knownHostsPath: string;
  workDir: string;
  serialLogPath: string;
  /** Milliseconds from qemu start to the first successful SSH command (restore included). */
  bootMs: number;
  /** True when restored from a saved state rather than booted. */
  restored: boolean;
  /** Every NIC's guest name and MAC, the management NIC first. */
  nics: NicName[];
  setLink(nicId: string, up: boolean): Promise<void>;
  qmp(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Runs a shell command as root over the VM's shared SSH connection (made on first use). */
  exec(cmd: string, timeoutMs?: number): Promise<LabExecResult>;
  /** Ends the shared SSH connection; the next exec makes a new one. */
  disconnect(): void;
  /** Ends qemu (QMP quit, then the PID); `graceful` powers the guest off over SSH first. */
  stop(opts?: { graceful?: boolean }): Promise<void>;
}

const live = new Map<number, ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if the test process dies without stopping its VMs: never leave qemu behind.
  process.on('exit', () => {
    for (const child of live.values()) child.kill('SIGKILL');
  });
}

function accelArgs(): string[] {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const modules = existsSync('/proc/modules') ? readFileSync('/proc/modules', 'utf8') : '';
  const hwVirt = /^flags\s*:.*\b(vmx|svm)\b/m.test(cpuinfo);
  const pvm = /^kvm_pvm\s/m.test(modules);
  // kvm_pvm exposes /dev/kvm without vmx/svm; guests abort or hang there (lab/NOTES), so use TCG.
  if (hwVirt && !pvm && existsSync('/dev/kvm') && process.env.LAB_ACCEL !== 'tcg') {
    return ['-accel', 'kvm', '-cpu', 'host'];
  }
  return ['-accel', 'tcg,tb-size=128'];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A timeout only decides how long a broken boot takes to be reported, so it is generous. */
function bootTimeoutS(spec: VmSpec): number {
  return spec.bootTimeoutS ?? (Number(process.env.LAB_BOOT_TIMEOUT_S) || 600);
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Copies a failed VM's serial log out of its (soon deleted) work dir; returns its diagnosis and
 * tail. A restored VM's console starts after boot, so its template's boot console is named instead.
 */
function keepSerialLog(path: string, name: string, expected: NicName[], restoredFrom?: string, lines = 80): string {
  const head = restoredFrom
    ? `diagnosis: restored from ${restoredFrom}; its template booted with the console ${join(restoredFrom, 'template-serial.log')}`
    : undefined;
  if (!existsSync(path)) return `${head ?? 'diagnosis: no serial log'}\n--- no serial log ---`;
  const kept = join(CACHE_DIR, 'logs', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.serial.log`);
  mkdirSync(dirname(kept), { recursive: true });
  copyFileSync(path, kept);
  const text = readFileSync(path, 'utf8');
  const tail = text.split('\n').slice(-lines).join('\n');
  return `${head ?? bootDiagnosis(text, expected)}\n--- serial console (full log: ${kept}) ---\n${tail}`;
}

/** The kernel command line: the hostname and every NIC's name pinned to its MAC. */
export function kernelCmdline(spec: VmSpec): string {
  return ['root=/dev/vda rw console=ttyS0 net.ifnames=0', `systemd.hostname=${spec.name}`, ...ifnameKernelArgs(spec), spec.kernelArgs]
    .filter(Boolean).join(' ');
}

export function qemuArgs(spec: VmSpec, image: LabImage, workDir: string, overlay: string, append = kernelCmdline(spec)): string[] {
  const args = [
    '-name', spec.name, '-nodefaults', '-no-user-config', '-display', 'none',
    ...accelArgs(), '-m', String(spec.memMb ?? 256), '-smp', '1',
    '-kernel', image.kernel, '-initrd', image.initrd, '-append', append,
    // cache=unsafe: the overlay is thrown away with the VM, so host fsyncs buy nothing.
    '-drive', `file=${overlay},if=virtio,format=qcow2,cache=unsafe`,
  ];
  const mgmt = [
    '-netdev', `user,id=mgmt,restrict=on,hostfwd=tcp:127.0.0.1:${spec.sshPort}-:22`,
    '-device', `virtio-net-pci,netdev=mgmt,id=mgmt,mac=${spec.mgmtMac ?? DEFAULT_MGMT_MAC}`,
  ];
  const bond = spec.nics.flatMap((nic) => [
    '-netdev', `socket,id=${nic.id},udp=127.0.0.1:${nic.remotePort},localaddr=127.0.0.1:${nic.localPort}`,
    '-device', `${nic.model ?? 'e1000'},netdev=${nic.id},id=${nic.id},mac=${nic.mac}`,
  ]);
  args.push(...(spec.deviceOrder === 'bond-first' ? [...bond, ...mgmt] : [...mgmt, ...bond]));
  args.push('-qmp', `unix:${join(workDir, 'qmp.sock')},server=on,wait=off`);
  args.push('-serial', `file:${join(workDir, 'serial.log')}`);
  return args;
}

function createOverlay(overlay: string, backing: string, format: 'raw' | 'qcow2'): void {
  const img = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', backing, '-F', format, overlay]);
  if (img.status !== 0) throw new Error(`qemu-img create failed: ${img.stderr.toString()}`);
}

/** Boots or restores `spec`; returns once `ssh root@127.0.0.1 true` works. */
export async function startVm(spec: VmSpec): Promise<Vm> {
  nicNames(spec); // a bad name or a duplicate MAC fails here, before qemu starts
  const image = spec.image ?? (await ensureImage());
  installExitHook();
  if (spec.fresh || process.env.LAB_RESTORE === '0') return freshBoot(spec, image);
  return restoreVm(spec, image);
}

/**
 * Adds the VM's port to the lab's known_hosts under a machine-wide lock: the file is read, changed
 * and renamed back, and two test files starting VMs at once lost each other's line (a VM then had
 * "No ED25519 host key is known" until its boot timed out).
 */
function addKnownHost(image: LabImage, port: number): Promise<void> {
  return withFileLock(`${image.knownHostsPath}.lock`, 60_000, async () => writeKnownHosts(image.knownHostsPath, [port], image.hostKeyPub));
}

async function freshBoot(spec: VmSpec, image: LabImage): Promise<Vm> {
  const ownDir = spec.workDir === undefined;
  const workDir = spec.workDir ?? mkdtempSync(join(tmpdir(), `tsprov-lab-${spec.name}-`));
  const overlay = join(workDir, 'disk.qcow2');
  createOverlay(overlay, image.rootfs, 'raw');
  await addKnownHost(image, spec.sshPort);
  const releaseBootSlot = await acquireBootSlot();
  try {
    return await launch(spec, image, workDir, ownDir, qemuArgs(spec, image, workDir, overlay), nicNames(spec));
  } finally {
    releaseBootSlot();
  }
}

const statePending = new Map<string, Promise<SavedState>>();

/** The saved state of `spec`'s kind, booting and saving its template first when there is none. */
function savedStateFor(spec: VmSpec, image: LabImage): Promise<SavedState> {
  const key = stateKey(spec, image, (s) => qemuArgs(s, image, '/W', '/O'));
  const dir = join(STATES_DIR, key);
  const known = readState(dir);
  if (known) return Promise.resolve(known);
  let pending = statePending.get(key);
  if (!pending) {
    pending = (async () => {
      mkdirSync(STATES_DIR, { recursive: true });
      // One template boot per kind on the machine: other processes wait here, then restore.
      return withFileLock(join(STATES_DIR, `${key}.lock`), 15 * 60_000, async () => {
        const ready = readState(dir);
        if (ready) return ready;
        const build = newBuildDir(key);
        try {
          const t = templateSpec({ ...spec, workDir: build });
          const append = kernelCmdline(t);
          const tvm = await freshBoot(t, image);
          await saveTemplate(tvm, build, append, t);
          installState(build, dir, image);
          process.stderr.write(`[lab] saved VM state ${key} (template booted in ${(tvm.bootMs / 1000).toFixed(1)} s)\n`);
        } finally {
          rmSync(build, { recursive: true, force: true });
        }
        return readState(dir)!;
      });
    })().finally(() => statePending.delete(key));
    statePending.set(key, pending);
  }
  return pending;
}

async function restoreVm(spec: VmSpec, image: LabImage, retried = false): Promise<Vm> {
  const state = await savedStateFor(spec, image);
  try {
    return await restoreFrom(state, spec, image);
  } catch (err) {
    // A state this qemu cannot load (a truncated file, say) is dropped and made again, once.
    if (retried || !(err instanceof StateLoadError)) throw err;
    process.stderr.write(`[lab] dropping VM state ${state.dir}: ${err.message.split('\n')[0]}\n`);
    rmSync(state.dir, { recursive: true, force: true });
    return restoreVm(spec, image, true);
  }
}

class StateLoadError extends Error {}

async function restoreFrom(state: SavedState, spec: VmSpec, image: LabImage): Promise<Vm> {
  const ownDir = spec.workDir === undefined;
  const workDir = spec.workDir ?? mkdtempSync(join(tmpdir(), `tsprov-lab-${spec.name}-`));
  const overlay = join(workDir, 'disk.qcow2');
  createOverlay(overlay, state.disk, 'qcow2');
  await addKnownHost(image, spec.sshPort);
  const mgmtMac = state.nics.find((n) => n.id === 'mgmt')!.mac;
  const own: VmSpec = { ...spec, mgmtMac };
  const args = [...qemuArgs(own, image, workDir, overlay, state.append), '-incoming', `exec:cat ${shq(state.stateFile)}`];
  const vm = await launch(own, image, workDir, ownDir, args, state.nics, state.dir);
  const r = await vm.exec(personalizeCommand(own));
  const want = nicNames(own).filter((n) => n.id !== 'mgmt').map((n) => `${n.ifname} ${n.mac}\n`).join('');
  if (r.exitCode !== 0 || r.stdout !== want) {
    await vm.stop({ graceful: false });
    throw new Error(`VM ${spec.name}: restored from ${state.dir}, but personalizing failed (exit ${r.exitCode}):\n${r.stdout}${r.stderr}`);
  }
  return { ...vm, nics: nicNames(own) };
}

async function launch(
  spec: VmSpec, image: LabImage, workDir: string, ownDir: boolean, args: string[], expected: NicName[], restoredFrom?: string,
): Promise<Vm> {
  const restored = restoredFrom !== undefined;
  const serialLogPath = join(workDir, 'serial.log');
  const qmpSock = join(workDir, 'qmp.sock');
  const t0 = Date.now();
  const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let qemuStderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (qemuStderr += d));
  const pid = child.pid;
  if (pid === undefined) throw new Error('qemu-system-x86_64 did not start');
  live.set(pid, child);
  child.once('exit', () => live.delete(pid));

  // A short path of its own: a socket path must fit in 108 bytes, a work dir may not.
  const controlPath = join(tmpdir(), `tsprov-lab-mux-${process.pid}-${spec.sshPort}`);
  const target = { port: spec.sshPort, keyPath: image.keyPath, knownHostsPath: image.knownHostsPath, controlPath };
  let qmpChain: Promise<unknown> = Promise.resolve();
  const qmp = (cmd: string, a?: Record<string, unknown>): Promise<unknown> => {
    const next = qmpChain.then(() => qmpCommand(qmpSock, cmd, a));
    qmpChain = next.catch(() => undefined);
    return next;
  };
  let stopped = false;
  const stop = async (opts: { graceful?: boolean } = {}): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // The overlay is thrown away, so there is nothing to shut down cleanly unless asked.
    if (opts.graceful === true && child.exitCode === null) {
      // No dbus/logind in the image, so QMP system_powerdown is ignored: power off over SSH.
      await sshExec(target, 'systemctl poweroff', 10_000).catch(() => undefined);
      if (!(await waitExit(child, 20_000))) await qmpCommand(qmpSock, 'quit', undefined, 3_000).catch(() => undefined);
    } else if (child.exitCode === null) {
      await qmpCommand(qmpSock, 'quit', undefined, 3_000).catch(() => undefined);
    }
    closeMaster(target);
    if (!(await waitExit(child, 5_000))) {
      child.kill('SIGKILL');
      await waitExit(child, 5_000);
    }
    rmSync(controlPath, { force: true });
    if (ownDir && process.env.LAB_KEEP !== '1') rmSync(workDir, { recursive: true, force: true });
    else rmSync(qmpSock, { force: true });
  };
  const what = restored ? 'restored from a saved state' : 'booted';

  const timeoutS = bootTimeoutS(spec);
  const deadline = t0 + timeoutS * 1000;
  let last: LabExecResult | undefined;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = keepSerialLog(serialLogPath, spec.name, expected, restoredFrom);
      await stop({ graceful: false });
      const message = `VM ${spec.name} (${what}): qemu exited (${child.exitCode ?? child.signalCode})\n${qemuStderr}\n${log}`;
      throw restored && /migration|load of|incoming/i.test(qemuStderr) ? new StateLoadError(message) : new Error(message);
    }
    const left = deadline - Date.now();
    if (left > 0 && (await sshBannerSeen(spec.sshPort, Math.min(30_000, left)))) {
      last = await sshExec(target, 'true', Math.max(left, 60_000));
      if (last.exitCode === 0) break;
    }
    if (Date.now() > deadline) {
      const log = keepSerialLog(serialLogPath, spec.name, expected, restoredFrom);
      await stop({ graceful: false });
      throw new Error(
        `VM ${spec.name} (${what}): no SSH on 127.0.0.1:${spec.sshPort} within ${timeoutS} s ` +
          `(last ssh: ${last?.stderr.trim() ?? 'no SSH banner yet'})\n${log}`,
      );
    }
    await sleep(restored ? 100 : 500);
  }

  return {
    name: spec.name,
    pid,
    sshPort: spec.sshPort,
    keyPath: image.keyPath,
    knownHostsPath: image.knownHostsPath,
    workDir,
    serialLogPath,
    bootMs: Date.now() - t0,
    restored,
    nics: expected,
    setLink: async (nicId, up) => {
      await qmp('set_link', { name: nicId, up });
    },
    qmp,
    exec: (cmd, timeoutMs) => sshExec(target, cmd, timeoutMs),
    disconnect: () => closeMaster(target),
    stop,
  };
}

/** Pulls (up=false) or plugs the cable on both ends, as a real unplugged cable does. */
export async function setCable(a: Vm, b: Vm, nicId: string, up: boolean): Promise<void> {
  await Promise.all([a.setLink(nicId, up), b.setLink(nicId, up)]);
}

/**
 * Boots every spec (in parallel), runs `fn`, and stops every VM afterwards — on success, on an
 * exception and on SIGINT/SIGTERM.
 */
export async function withLab<T>(specs: VmSpec[], fn: (vms: Vm[]) => Promise<T>): Promise<T> {
  const image = await ensureImage();
  const started: Vm[] = [];
  const stopAll = (graceful: boolean): Promise<unknown> =>
    Promise.allSettled(started.map((vm) => vm.stop({ graceful })));
  const onSignal = (sig: NodeJS.Signals): void => {
    void stopAll(false).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const results = await Promise.allSettled(
      specs.map(async (s) => {
        const vm = await startVm({ ...s, image: s.image ?? image });
        started.push(vm);
        return vm;
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const byName = new Map(started.map((vm) => [vm.name, vm]));
    return await fn(specs.map((s) => byName.get(s.name)!));
  } finally {
    await stopAll(false);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
