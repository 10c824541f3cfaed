// Which name every lab NIC gets, decided by the lab and handed to the guest on the kernel command
// line (`lab.ifname=NAME:MAC`), where lab/guest/lab-nic-names applies it before networking. The
// kernel alone names NICs in driver probe order, which differs between machines: on one CPU
// e1000 won the race and the management NIC became eth1.
import type { VmSpec } from './vm.ts';

export const MGMT_IFNAME = 'eth0';
const IFNAME = /^[a-z][a-z0-9]{0,14}$/;
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

export interface NicName {
  /** The qemu device id (`mgmt`, `nic1`, …). */
  id: string;
  ifname: string;
  mac: string;
}

/** qemu's own default MAC, used only when a spec names none for its management NIC. */
export const DEFAULT_MGMT_MAC = '52:54:00:12:34:56';

/** The management NIC first, then the bond NICs as `eth1`, `eth2`, … unless a NIC says otherwise. */
export function nicNames(spec: Pick<VmSpec, 'name' | 'mgmtMac' | 'nics'>): NicName[] {
  const names: NicName[] = [
    { id: 'mgmt', ifname: MGMT_IFNAME, mac: (spec.mgmtMac ?? DEFAULT_MGMT_MAC).toLowerCase() },
    ...spec.nics.map((n, j) => ({ id: n.id, ifname: n.ifname ?? `eth${j + 1}`, mac: n.mac.toLowerCase() })),
  ];
  const seen = new Map<string, string>();
  for (const n of names) {
    if (!IFNAME.test(n.ifname)) throw new RangeError(`VM ${spec.name}: NIC ${n.id}: interface name ${JSON.stringify(n.ifname)} is not [a-z][a-z0-9]{0,14}`);
    if (!MAC.test(n.mac)) throw new RangeError(`VM ${spec.name}: NIC ${n.id}: MAC ${JSON.stringify(n.mac)} is not xx:xx:xx:xx:xx:xx`);
    for (const key of [`name ${n.ifname}`, `MAC ${n.mac}`]) {
      const other = seen.get(key);
      if (other) throw new RangeError(`VM ${spec.name}: NICs ${other} and ${n.id} share the ${key}`);
      seen.set(key, n.id);
    }
  }
  return names;
}

/** The kernel command-line words that pin every NIC's name to its MAC. */
export function ifnameKernelArgs(spec: Pick<VmSpec, 'name' | 'mgmtMac' | 'nics'>): string[] {
  return nicNames(spec).map((n) => `lab.ifname=${n.ifname}:${n.mac}`);
}
