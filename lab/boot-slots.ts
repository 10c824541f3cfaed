import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

// Booting under TCG is CPU-bound and oversubscription thrashes: on 2 cores two VMs boot in ~24 s,
// four at once take ~62 s each (measured). So at most one boot per core runs at a time on the
// machine: the test runner runs lab files in parallel processes, so a per-process queue alone
// let four boots run at once on 2 cores. The rest queue, and their boot timeout starts only when
// their qemu does.
const bootSlots = (): number => Math.max(1, Number(process.env.LAB_BOOT_PARALLEL) || availableParallelism());
let bootsRunning = 0;
const bootQueue: Array<() => void> = [];

/** Where the machine-wide slot lock files live (LAB_BOOT_SLOT_DIR: another set, for tests). */
function slotDir(): string {
  const dir = process.env.LAB_BOOT_SLOT_DIR ?? join(tmpdir(), 'tsprov-lab-boot-slots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

// One of N flock(1)-held files, kept by a shell that becomes `cat`: the kernel drops the lock when
// it exits, and it exits when this process does (its stdin closes), so a killed run frees its slot.
const HOLD_ONE = `n=$1
while :; do
  i=0
  while [ "$i" -lt "$n" ]; do
    exec 9>"slot-$i"
    if flock -n 9; then echo "slot $i"; exec cat >/dev/null; fi
    exec 9>&-
    i=$((i + 1))
  done
  sleep 0.3
done`;

function machineSlot(): Promise<() => void> {
  const holder = spawn('sh', ['-c', HOLD_ONE, 'sh', String(bootSlots())], { cwd: slotDir(), stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    holder.on('error', reject);
    holder.on('exit', (code) => reject(new Error(`lab boot slot holder exited (${code})`)));
    holder.stdout.setEncoding('utf8').once('data', () => {
      holder.removeAllListeners('exit');
      resolve(() => holder.stdin.end());
    });
  });
}

/** Waits for a boot slot; call the returned function once the VM is up (or failed). */
export async function acquireBootSlot(): Promise<() => void> {
  if (bootsRunning >= bootSlots()) await new Promise<void>((r) => bootQueue.push(r));
  else bootsRunning++;
  let releaseMachine: (() => void) | undefined;
  let released = false;
  const releaseLocal = (): void => {
    const next = bootQueue.shift();
    if (next) next();
    else bootsRunning--;
  };
  try {
    releaseMachine = await machineSlot();
  } catch (err) {
    releaseLocal();
    throw err;
  }
  return () => {
    if (released) return;
    released = true;
    releaseMachine?.();
    releaseLocal();
  };
}
