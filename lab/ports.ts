// Port blocks: every test or consumer owns a block of 100 ports starting at `base` so parallel
// labs never collide.
//   base + i                  SSH host-forward of VM i          (i = 0..9)
//   base + 10 + 10*i + j      UDP local port of bond NIC j of VM i (j = 0..4, i = 0..8)
//   base + 15 + 10*i + j      where an *uncabled* NIC j sends to; nothing listens there
// MACs: 52:54:<base hi>:<base lo>:<i>:<j+1>, the management NIC 52:54:<base hi>:<base lo>:<i>:00.
import type { NicModel, NicSpec, VmSpec } from './vm.ts';

export const MAX_NICS = 5;

export function macFor(base: number, vm: number, nic: number): string {
  const bytes = [0x52, 0x54, (base >> 8) & 0xff, base & 0xff, vm & 0xff, nic & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export interface LabVmOptions {
  base: number;
  index: number;
  name: string;
  nicCount?: number;
  model?: NicModel;
  memMb?: number;
}

/** A VM spec whose ports and MACs come from the block; NICs are `nic1`.. (eth1.. in the guest). */
export function labVmSpec(o: LabVmOptions): VmSpec {
  const nicCount = o.nicCount ?? 2;
  if (o.index < 0 || o.index > 8) throw new RangeError(`VM index ${o.index} outside 0..8`);
  if (nicCount > MAX_NICS) throw new RangeError(`at most ${MAX_NICS} bond NICs per VM`);
  const nics: NicSpec[] = [];
  for (let j = 0; j < nicCount; j++) {
    const localPort = o.base + 10 + 10 * o.index + j;
    nics.push({
      id: `nic${j + 1}`,
      mac: macFor(o.base, o.index, j + 1),
      model: o.model ?? 'e1000',
      localPort,
      remotePort: localPort + MAX_NICS,
    });
  }
  const spec: VmSpec = { name: o.name, sshPort: o.base + o.index, nics, mgmtMac: macFor(o.base, o.index, 0) };
  if (o.memMb !== undefined) spec.memMb = o.memMb;
  return spec;
}

/**
 * Cables two VMs back to back: NIC j of `a` to NIC j of `b` (the UDP ports are crossed).
 * Mutates and returns both specs.
 */
export function cableBackToBack(a: VmSpec, b: VmSpec): [VmSpec, VmSpec] {
  if (a.nics.length !== b.nics.length) throw new Error('cableBackToBack: NIC counts differ');
  a.nics.forEach((na, j) => {
    const nb = b.nics[j]!;
    na.remotePort = nb.localPort;
    nb.remotePort = na.localPort;
  });
  return [a, b];
}

/**
 * The two-VM lab of inventories/lab.yml: lab1 and lab2 as VM 1 and 2 of `base` (SSH on
 * base+1, base+2), two bond NICs each, cabled back to back.
 */
export function labPairSpecs(base = 22200, model: NicModel = 'e1000'): [VmSpec, VmSpec] {
  return cableBackToBack(
    labVmSpec({ base, index: 1, name: 'lab1', model }),
    labVmSpec({ base, index: 2, name: 'lab2', model }),
  );
}
