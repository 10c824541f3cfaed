/** The lab's NIC naming config: every NIC's name pinned to its MAC on the kernel command line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ifnameKernelArgs, nicNames } from '../../../lab/nic-names.ts';
import { kernelCmdline, labVmSpec, qemuArgs, type LabImage, type VmSpec } from '../../../lab/vm.ts';

const image: LabImage = { dir: '/img', kernel: '/img/vmlinuz', initrd: '/img/initrd.img', rootfs: '/img/rootfs.raw', hostKeyPub: 'k', keyPath: '/k', knownHostsPath: '/kh' };
const spec = labVmSpec({ base: 23000, index: 1, name: 'pair-a' });

test('the management NIC is eth0 and bond NIC j is eth<j>, each pinned to the MAC the port block gives it', () => {
  assert.deepEqual(nicNames(spec), [
    { id: 'mgmt', ifname: 'eth0', mac: '52:54:59:d8:01:00' },
    { id: 'nic1', ifname: 'eth1', mac: '52:54:59:d8:01:01' },
    { id: 'nic2', ifname: 'eth2', mac: '52:54:59:d8:01:02' },
  ]);
  assert.deepEqual(ifnameKernelArgs(spec), ['lab.ifname=eth0:52:54:59:d8:01:00', 'lab.ifname=eth1:52:54:59:d8:01:01', 'lab.ifname=eth2:52:54:59:d8:01:02']);
  assert.match(kernelCmdline({ ...spec, kernelArgs: 'bonding.max_bonds=2' }), /^root=\/dev\/vda rw console=ttyS0 net\.ifnames=0 systemd\.hostname=pair-a lab\.ifname=eth0:52:54:59:d8:01:00 lab\.ifname=eth1:\S+ lab\.ifname=eth2:\S+ bonding\.max_bonds=2$/);
});

test('both device orders give the same pins: names follow MACs, not PCI order', () => {
  const first = qemuArgs(spec, image, '/w', '/o');
  const last = qemuArgs({ ...spec, deviceOrder: 'bond-first' }, image, '/w', '/o');
  const devices = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === '-device' ? [a.split(',')[0] + ' ' + /mac=(\S+)/.exec(a)![1]] : []));
  assert.deepEqual(devices(first), ['virtio-net-pci 52:54:59:d8:01:00', 'e1000 52:54:59:d8:01:01', 'e1000 52:54:59:d8:01:02']);
  assert.deepEqual(devices(last), ['e1000 52:54:59:d8:01:01', 'e1000 52:54:59:d8:01:02', 'virtio-net-pci 52:54:59:d8:01:00']);
  const append = (args: string[]) => args[args.indexOf('-append') + 1];
  assert.equal(append(first), append(last));
});

test('a NIC may carry its own name; MACs are lowered', () => {
  const s: VmSpec = { ...spec, nics: spec.nics.map((n, j) => ({ ...n, ifname: `ens${j + 4}`, mac: n.mac.toUpperCase() })) };
  assert.deepEqual(nicNames(s).map((n) => `${n.ifname}=${n.mac}`), ['eth0=52:54:59:d8:01:00', 'ens4=52:54:59:d8:01:01', 'ens5=52:54:59:d8:01:02']);
});

test('names and MACs that could not pin a NIC are refused before qemu starts', () => {
  const nic = spec.nics[0]!;
  assert.throws(() => nicNames({ ...spec, nics: [{ ...nic, ifname: '-a' }] }), /NIC nic1: interface name "-a" is not/);
  assert.throws(() => nicNames({ ...spec, nics: [{ ...nic, ifname: 'a-very-long-name16' }] }), /is not \[a-z\]/);
  assert.throws(() => nicNames({ ...spec, nics: [{ ...nic, mac: '52:54:00:zz:00:01' }] }), /MAC "52:54:00:zz:00:01" is not/);
  assert.throws(() => nicNames({ ...spec, nics: [{ ...nic, ifname: 'eth0' }] }), /NICs mgmt and nic1 share the name eth0/);
  assert.throws(() => nicNames({ ...spec, nics: [{ ...nic, mac: spec.mgmtMac! }] }), /NICs mgmt and nic1 share the MAC/);
});
