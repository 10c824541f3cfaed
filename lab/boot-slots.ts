import { availableParallelism } from 'node:os';

// Booting under TCG is CPU-bound and oversubscription thrashes: on 2 cores two VMs boot in ~24 s,
// four at once take ~62 s each (measured). So at most one boot per core runs at a time; the
// rest queue, and their boot timeout starts only when their qemu does.
const bootSlots = Math.max(1, Number(process.env.LAB_BOOT_PARALLEL) || availableParallelism());
let bootsRunning = 0;
const bootQueue: Array<() => void> = [];

/** Waits for a boot slot; call the returned function once the VM is up (or failed). */
export async function acquireBootSlot(): Promise<() => void> {
  if (bootsRunning >= bootSlots) await new Promise<void>((r) => bootQueue.push(r));
  else bootsRunning++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = bootQueue.shift();
    if (next) next();
    else bootsRunning--;
  };
}

