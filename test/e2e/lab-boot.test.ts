// The lab on any machine: NIC names come from MACs, not from which driver probed first, and a VM
// restored from a saved state is the VM a fresh boot gives. Port block 23300–23399.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cableBackToBack, labVmSpec, type Vm, type VmSpec } from '../../lab/vm.ts';
import { labSkip, startAll, vmRun } from './support/lab-fleet.ts';

const BASE = 23300;
// What must be equal between a fresh boot and a restore: names and link states (not their ifindex
// order, which follows PCI order), packages, loaded modules, running services, the files tests
// start from. Not MACs, hostnames, machine-ids.
const SHAPE = [
  "ip -br link | awk '{ print $1, $2 }' | sort",
  "dpkg-query -W -f '${Package} ${Version}\\n' | md5sum",
  "lsmod | awk 'NR > 1 { print $1 }' | sort | tr '\\n' ' '; echo",
  "systemctl list-units --type=service --state=running --no-legend --plain | awk '{ print $1 }' | tr '\\n' ' '; echo",
  'ls -A /etc/network/interfaces.d; md5sum /etc/network/interfaces',
  "ip -4 -br addr show dev eth0 | awk '{ print $3 }'",
].join('; ');

/** Every NIC's name, MAC and driver, as the guest sees them. */
const NICS = 'for d in /sys/class/net/eth*; do n=${d##*/}; echo $n $(cat $d/address) $(basename $(readlink $d/device/driver)); done';

describe('lab boot: MAC-pinned NIC names, saved states', { skip: labSkip(), timeout: 1_800_000 }, () => {
  let adverse: Vm;
  // The order that broke the lab on another machine, forced: the bond NICs' devices first and
  // their driver loaded before udev starts, so the kernel gives e1000 eth0 and eth1. The usual
  // order (management NIC first, drivers loaded by udev) is the template's fresh boot, whose
  // journal every VM restored from it carries.
  const spec: VmSpec = { ...labVmSpec({ base: BASE, index: 2, name: 'adverse' }), fresh: true, deviceOrder: 'bond-first', kernelArgs: 'modules-load=e1000' };
  before(async () => {
    [adverse] = (await startAll([spec])) as [Vm];
  });
  after(async () => {
    await adverse?.stop();
  });

  it('both driver orders give the same names: eth0 is the management NIC, eth1/eth2 the bond NICs, by MAC', async () => {
    assert.equal(adverse.restored, false);
    const [m0, m1, m2] = [spec.mgmtMac, spec.nics[0]!.mac, spec.nics[1]!.mac];
    assert.equal(await vmRun(adverse, NICS), `eth0 ${m0} virtio_net\neth1 ${m1} e1000\neth2 ${m2} e1000\n`);
    assert.match(await vmRun(adverse, 'ip -4 -br addr show dev eth0'), /10\.0\.2\.15\/24/);
    // Without this the test would prove nothing: the kernel really did name them the other way.
    const journal = await vmRun(adverse, 'journalctl -b -u lab-nic-names -o cat');
    assert.match(journal, new RegExp(`kernel named eth0: mac ${m1} driver e1000`), journal);
    assert.match(journal, new RegExp(`kernel named eth2: mac ${m0} driver virtio_net`), journal);

    const [usual] = (await startAll([labVmSpec({ base: BASE, index: 1, name: 'usual' })])) as [Vm];
    try {
      assert.equal(usual.restored, true);
      const template = await vmRun(usual, 'journalctl -b -u lab-nic-names -o cat');
      assert.match(template, /^lab-nic-names: eth0 mac 52:54:00:7e:00:00 driver virtio_net$/m, template);
      assert.match(template, /^lab-nic-names: eth1 mac 52:54:00:7e:00:01 driver e1000$/m, template);
      assert.match(await vmRun(usual, NICS), /^eth0 52:54:00:7e:00:00 virtio_net\neth1 \S+ e1000\neth2 \S+ e1000\n$/);
    } finally {
      await usual.stop();
    }
  });

  it('a restored VM is what a fresh boot gives, with its own MACs, hostname and clock; restores never see each other', async () => {
    const [sa, sb] = cableBackToBack(labVmSpec({ base: BASE, index: 3, name: 'restored-a' }), labVmSpec({ base: BASE, index: 4, name: 'restored-b' }));
    const [a, b] = (await startAll([sa, sb])) as [Vm, Vm];
    try {
      const fresh = await vmRun(adverse, SHAPE);
      for (const [vm, spec] of [[a, sa], [b, sb]] as const) {
        assert.equal(vm.restored, true, `${vm.name} restored (LAB_RESTORE=0 turns restores off)`);
        assert.equal(await vmRun(vm, SHAPE), fresh, `${vm.name}: same state as a fresh boot`);
        assert.equal(await vmRun(vm, 'hostname; cat /etc/hostname'), `${vm.name}\n${vm.name}\n`);
        const clock = Number(await vmRun(vm, 'date +%s'));
        assert.ok(Math.abs(clock - Date.now() / 1000) < 30, `${vm.name}: guest clock ${clock} is the host's`);
        const nics = await vmRun(vm, NICS);
        assert.match(nics, new RegExp(`^eth1 ${spec.nics[0]!.mac} e1000\neth2 ${spec.nics[1]!.mac} e1000\n$`, 'm'), nics);
      }
      // Cabled back to back with distinct MACs: traffic flows between two restores of one state.
      await vmRun(a, 'ip addr add 192.168.79.1/24 dev eth1 && ip link set eth1 up');
      await vmRun(b, 'ip addr add 192.168.79.2/24 dev eth1 && ip link set eth1 up');
      assert.match(await vmRun(a, 'ping -c 3 -W 2 192.168.79.2'), /3 received/);
      // What one restore does stays in it: a third restore starts clean.
      await vmRun(a, 'touch /root/mark && modprobe bonding && sync');
      await a.stop();
      const [c] = (await startAll([labVmSpec({ base: BASE, index: 5, name: 'restored-c' })])) as [Vm];
      try {
        assert.equal((await c.exec('test -e /root/mark')).exitCode, 1, 'no file of an earlier restore');
        assert.equal(await vmRun(c, SHAPE), fresh, 'restored-c: same state as a fresh boot');
      } finally {
        await c.stop();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
