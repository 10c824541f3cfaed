// Debian VMs under qemu for the lab: boot from the cached image through a private qcow2 overlay,
// reach them over OpenSSH, pull their cables through QMP, always stop them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { acquireBootSlot } from './boot-slots.ts';
import { dirname, join } from 'node:path';
import { CACHE_DIR, ensureImage, type LabImage } from './image.ts';
import { qmpCommand } from './qmp.ts';
import { sshBannerSeen, sshExec, writeKnownHosts, type LabExecResult } from './ssh.ts';

export { ensureImage, labUnavailableReason, CACHE_DIR, type LabImage } from './image.ts';
export { labVmSpec, labPairSpecs, cableBackToBack, macFor } from './ports.ts';
export { QmpError } from './qmp.ts';
export type { LabExecResult } from './ssh.ts';

export type NicModel = 'e1000' | 'virtio-net-pci' | 'i82559er';

export interface NicSpec {
  id: string;
  mac: string;
  model?: NicModel;
  localPort: number;
  remotePort: number;
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
  /** Seconds to wait for SSH after starting qemu (default: LAB_BOOT_TIMEOUT_S, else 240). */
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
  /** Milliseconds from qemu start to the first successful SSH command. */
  bootMs: number;
  setLink(nicId: string, up: boolean): Promise<void>;
  qmp(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
  exec(cmd: string, timeoutMs?: number): Promise<LabExecResult>;
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

/** A timeout only decides how long a broken boot takes to be reported, so it is generous. */
function bootTimeoutS(spec: VmSpec): number {
  return spec.bootTimeoutS ?? (Number(process.env.LAB_BOOT_TIMEOUT_S) || 240);
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

/** Copies a failed VM's serial log out of its (soon deleted) work dir; returns its tail. */
function keepSerialLog(path: string, name: string, lines = 120): string {
  if (!existsSync(path)) return '--- no serial log ---';
  const kept = join(CACHE_DIR, 'logs', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.serial.log`);
  mkdirSync(dirname(kept), { recursive: true });
  copyFileSync(path, kept);
  const tail = readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  return `--- serial console (full log: ${kept}) ---\n${tail}`;
}

export function qemuArgs(spec: VmSpec, image: LabImage, workDir: string, overlay: string): string[] {
  const args = [
    '-name', spec.name, '-nodefaults', '-no-user-config', '-display', 'none',
    ...accelArgs(), '-m', String(spec.memMb ?? 256), '-smp', '1',
    '-kernel', image.kernel, '-initrd', image.initrd,
    '-append', `root=/dev/vda rw console=ttyS0 net.ifnames=0 systemd.hostname=${spec.name}${spec.kernelArgs ? ` ${spec.kernelArgs}` : ''}`,
    // cache=unsafe: the overlay is thrown away with the VM, so host fsyncs buy nothing.
    '-drive', `file=${overlay},if=virtio,format=qcow2,cache=unsafe`,
    '-netdev', `user,id=mgmt,restrict=on,hostfwd=tcp:127.0.0.1:${spec.sshPort}-:22`,
    '-device', `virtio-net-pci,netdev=mgmt,id=mgmt${spec.mgmtMac ? `,mac=${spec.mgmtMac}` : ''}`,
  ];
  for (const nic of spec.nics) {
    args.push(
      '-netdev', `socket,id=${nic.id},udp=127.0.0.1:${nic.remotePort},localaddr=127.0.0.1:${nic.localPort}`,
      '-device', `${nic.model ?? 'e1000'},netdev=${nic.id},id=${nic.id},mac=${nic.mac}`,
    );
  }
  args.push('-qmp', `unix:${join(workDir, 'qmp.sock')},server=on,wait=off`);
  args.push('-serial', `file:${join(workDir, 'serial.log')}`);
  return args;
}

export async function startVm(spec: VmSpec): Promise<Vm> {
  const image = spec.image ?? (await ensureImage());
  const ownDir = spec.workDir === undefined;
  const workDir = spec.workDir ?? mkdtempSync(join(tmpdir(), `tsprov-lab-${spec.name}-`));
  const overlay = join(workDir, 'disk.qcow2');
  const serialLogPath = join(workDir, 'serial.log');
  const qmpSock = join(workDir, 'qmp.sock');
  const img = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', image.rootfs, '-F', 'raw', overlay]);
  if (img.status !== 0) throw new Error(`qemu-img create failed: ${img.stderr.toString()}`);
  writeKnownHosts(image.knownHostsPath, [spec.sshPort], image.hostKeyPub);

  installExitHook();
  const releaseBootSlot = await acquireBootSlot();
  try {
    return await bootVm(spec, image, workDir, ownDir, overlay, serialLogPath, qmpSock);
  } finally {
    releaseBootSlot();
  }
}

async function bootVm(
  spec: VmSpec, image: LabImage, workDir: string, ownDir: boolean, overlay: string,
  serialLogPath: string, qmpSock: string,
): Promise<Vm> {
  const t0 = Date.now();
  const child = spawn('qemu-system-x86_64', qemuArgs(spec, image, workDir, overlay), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let qemuStderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (qemuStderr += d));
  const pid = child.pid;
  if (pid === undefined) throw new Error('qemu-system-x86_64 did not start');
  live.set(pid, child);
  child.once('exit', () => live.delete(pid));

  const target = { port: spec.sshPort, keyPath: image.keyPath, knownHostsPath: image.knownHostsPath };
  let qmpChain: Promise<unknown> = Promise.resolve();
  const qmp = (cmd: string, args?: Record<string, unknown>): Promise<unknown> => {
    const next = qmpChain.then(() => qmpCommand(qmpSock, cmd, args));
    qmpChain = next.catch(() => undefined);
    return next;
  };
  let stopped = false;
  const stop = async (opts: { graceful?: boolean } = {}): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (opts.graceful !== false && child.exitCode === null) {
      // No dbus/logind in the image, so QMP system_powerdown is ignored: power off over SSH.
      await sshExec(target, 'systemctl poweroff', 10_000).catch(() => undefined);
      if (!(await waitExit(child, 20_000))) await qmpCommand(qmpSock, 'quit', undefined, 3_000).catch(() => undefined);
    } else if (child.exitCode === null) {
      await qmpCommand(qmpSock, 'quit', undefined, 3_000).catch(() => undefined);
    }
    if (!(await waitExit(child, 5_000))) {
      child.kill('SIGKILL');
      await waitExit(child, 5_000);
    }
    if (ownDir && process.env.LAB_KEEP !== '1') rmSync(workDir, { recursive: true, force: true });
  };

  const timeoutS = bootTimeoutS(spec);
  const deadline = t0 + timeoutS * 1000;
  let last: LabExecResult | undefined;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = keepSerialLog(serialLogPath, spec.name);
      await stop({ graceful: false });
      throw new Error(`VM ${spec.name}: qemu exited (${child.exitCode ?? child.signalCode})\n${qemuStderr}\n${log}`);
    }
    if (await sshBannerSeen(spec.sshPort)) {
      last = await sshExec(target, 'true', 10_000);
      if (last.exitCode === 0) break;
    }
    if (Date.now() > deadline) {
      const log = keepSerialLog(serialLogPath, spec.name);
      await stop({ graceful: false });
      throw new Error(
        `VM ${spec.name}: no SSH on 127.0.0.1:${spec.sshPort} within ${timeoutS} s ` +
          `(last ssh: ${last?.stderr.trim() ?? 'no SSH banner yet'})\n${log}`,
      );
    }
    await sleep(500);
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
    setLink: async (nicId, up) => {
      await qmp('set_link', { name: nicId, up });
    },
    qmp,
    exec: (cmd, timeoutMs) => sshExec(target, cmd, timeoutMs),
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
    await stopAll(true);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
