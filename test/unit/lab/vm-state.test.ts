/** Which VMs may share a saved state, and what a restored VM changes to become itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { personalizeCommand, stateKey, templateSpec } from '../../../lab/vm-state.ts';
import { cableBackToBack, labVmSpec, qemuArgs, type LabImage, type VmSpec } from '../../../lab/vm.ts';

const image: LabImage = { dir: '/img/a', kernel: '/img/a/vmlinuz', initrd: '/img/a/initrd.img', rootfs: '/img/a/rootfs.raw', hostKeyPub: 'k', keyPath: '/k', knownHostsPath: '/kh' };
const key = (s: VmSpec, img = image) => stateKey(s, img, (t) => qemuArgs(t, img, '/W', '/O'));

test('VMs that differ only in ports, MACs and names share one state', () => {
  const [a, b] = cableBackToBack(labVmSpec({ base: 23000, index: 1, name: 'pair-a' }), labVmSpec({ base: 23000, index: 2, name: 'pair-b' }));
  const c = labVmSpec({ base: 23200, index: 4, name: 'right' });
  assert.equal(key(a), key(b));
  assert.equal(key(a), key(c));
});

test('anything the guest sees makes another kind: NIC model or count, memory, kernel args, device order, image', () => {
  const base = labVmSpec({ base: 23000, index: 1, name: 'x' });
  const keys = [
    key(base),
    key(labVmSpec({ base: 23000, index: 1, name: 'x', model: 'virtio-net-pci' })),
    key(labVmSpec({ base: 23000, index: 1, name: 'x', nicCount: 3 })),
    key({ ...base, memMb: 512 }),
    key({ ...base, kernelArgs: 'bonding.max_bonds=2' }),
    key({ ...base, deviceOrder: 'bond-first' }),
    key(base, { ...image, dir: '/img/b', kernel: '/img/b/vmlinuz' }),
  ];
  assert.equal(new Set(keys).size, keys.length, keys.join(' '));
});

test('the template has the canonical name and MACs, the hardware of the spec', () => {
  const spec = labVmSpec({ base: 23100, index: 1, name: 'testbox', model: 'i82559er' });
  const t = templateSpec(spec);
  assert.equal(t.name, 'lab');
  assert.equal(t.mgmtMac, '52:54:00:7e:00:00');
  assert.deepEqual(t.nics.map((n) => [n.id, n.mac, n.model, n.localPort]), [['nic1', '52:54:00:7e:00:01', 'i82559er', 23120], ['nic2', '52:54:00:7e:00:02', 'i82559er', 23121]]);
  assert.equal(t.fresh, true);
});

test('personalizing sets the clock, the hostname and every bond NIC MAC, then prints what it set', () => {
  const spec = labVmSpec({ base: 23100, index: 1, name: 'testbox' });
  assert.equal(
    personalizeCommand(spec, 1_764_000_000_500),
    'date -s @1764000000 >/dev/null && hostname testbox && echo testbox > /etc/hostname && ' +
      'ip link set dev eth1 address 52:54:5a:3c:01:01 && ip link set dev eth2 address 52:54:5a:3c:01:02 && ' +
      'echo eth1 $(cat /sys/class/net/eth1/address) && echo eth2 $(cat /sys/class/net/eth2/address)',
  );
  assert.throws(() => personalizeCommand({ ...spec, name: 'a;reboot' }), /VM name "a;reboot" is not a hostname/);
});
