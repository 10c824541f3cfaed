// The nm backend on a Debian bookworm VM: NetworkManager 1.42 with Debian's configuration
// (`[ifupdown] managed=false`: eth0, in /etc/network/interfaces, stays ifupdown's) and the real
// bonding driver. NM makes its own "Wired connection" DHCP profiles for eth1 and eth2 — foreign
// profiles on the slaves, as on any host with NM; tsprov's port profiles take the NICs over. A
// bond applied through keyfiles, verified and rerun with changed=0; a mode change on the live
// bond; a pulled cable seen by `verify`; a lockout over the management NIC, refused while ifupdown
// configures it and rolled back by the on-host timer once NM holds it; the bond removed
// (`state: absent`). Port block 23700–23799.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labVmSpec, startVm, type Vm } from '../../lab/vm.ts';
import { tsprov } from '../integration/support/fleet.ts';
import { labInventory, labSkip, vmRun, waitBond, waitExec } from './support/lab-fleet.ts';
import { bothUp, cablePullIsDrift, lockoutBond, lockoutRollsBack } from './support/lockout.ts';

const BASE = 23700;
const PLAY = 'playbooks/bonding.yml';
const DIR = '/etc/NetworkManager/system-connections';
const bond = (mode: string) => ({ backend: 'nm', bonds: [{ name: 'bond0', mode, slaves: ['eth1', 'eth2'], miimon: 100, address: '192.168.79.1/24' }] });
const active = async (vm: Vm): Promise<string[]> => (await vmRun(vm, 'nmcli -t -f NAME,DEVICE connection show --active')).trim().split('\n').sort();
const devState = async (vm: Vm, dev: string): Promise<string> => (await vmRun(vm, `nmcli -g GENERAL.STATE device show ${dev}`)).trim();

describe('nm backend on one VM', { skip: labSkip(), timeout: 1_800_000 }, () => {
  let vm: Vm;
  before(async () => {
    vm = await startVm(labVmSpec({ base: BASE, index: 1, name: 'nm' }));
  });
  after(async () => {
    await vm?.stop();
  });

  it('the image has NetworkManager and netplan installed but inert (every other scenario sees ifupdown alone); started, NM makes DHCP profiles for eth1/eth2', async () => {
    const inv = labInventory({ nm: { vm, vars: bond('balance-rr') } });
    assert.equal((await vm.exec('systemctl is-enabled NetworkManager NetworkManager-wait-online')).stdout, 'disabled\ndisabled\n');
    assert.equal((await vm.exec('systemctl is-active NetworkManager systemd-networkd')).stdout, 'inactive\ninactive\n');
    assert.equal((await vmRun(vm, 'ls -A /etc/netplan /run/systemd/network 2>/dev/null; ip -o -4 addr show dev eth1; ip -o -4 addr show dev eth2')).trim(), '/etc/netplan:');
    const facts = JSON.parse((await tsprov(['facts', '-i', inv, '--json'])).out).hosts.nm.facts;
    assert.deepEqual(facts.backend.active, ['ifupdown'], JSON.stringify(facts.backend));
    assert.equal(facts.packages.packages['network-manager'].installed, true);
    await vmRun(vm, 'systemctl start NetworkManager');
    await waitExec(vm, `[ -e "/run/NetworkManager/system-connections/Wired connection 2.nmconnection" ]`, "NM's default profiles for eth1 and eth2");
  });

  it('applies a bond through keyfiles (0600), takes the slaves from NM\'s own DHCP profiles, verifies it live, and a second run changes nothing', async () => {
    const inv = labInventory({ nm: { vm, vars: bond('balance-rr') } });
    assert.match(await vmRun(vm, 'cat "/run/NetworkManager/system-connections/Wired connection 1.nmconnection"'), /^interface-name=eth1$[^]*^method=auto$[^]*^nm-generated=true$/m);
    const facts = JSON.parse((await tsprov(['facts', '-i', inv, '--json'])).out).hosts.nm.facts;
    assert.equal(facts.backend.detected, 'nm', JSON.stringify(facts.backend));
    assert.ok(facts.backend.active.includes('nm'), JSON.stringify(facts.backend));
    assert.equal(facts.commands.nmcli, true);
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.equal((await vmRun(vm, `cd ${DIR} && stat -c "%n %a" *`)).trim(), ['tsprov-bond0-port-eth1.nmconnection 600', 'tsprov-bond0-port-eth2.nmconnection 600', 'tsprov-bond0.nmconnection 600'].join('\n'));
    const text = await waitBond(vm, bothUp, 'both slaves up');
    assert.match(text, /Bonding Mode: load balancing \(round-robin\)/);
    assert.match(await vmRun(vm, 'ip -o addr show dev bond0'), /inet 192\.168\.79\.1\/24/);
    assert.deepEqual(await active(vm), ['lo:lo', 'tsprov-bond0-port-eth1:eth1', 'tsprov-bond0-port-eth2:eth2', 'tsprov-bond0:bond0'], "NM's DHCP profiles gave way");
    assert.match(await devState(vm, 'eth0'), /unmanaged/, "the management NIC is still ifupdown's");
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /10\.0\.2\.15/);

    const second = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(second.code, 0, second.out + second.err);
    assert.match(second.out, /nm\s+: ok=1\s+changed=0\s/);
    assert.doesNotMatch(second.out, /handlers run/);
  });

  it('a mode change on the live bond: the bond is taken down and activated again with the new mode, then changes nothing', async () => {
    const inv = labInventory({ nm: { vm, vars: bond('active-backup') } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /bond0: mode cannot change on a live bond: the bond goes down during the reload/);
    const text = await waitBond(vm, (t) => /active-backup/.test(t) && bothUp(t), 'active-backup, both slaves up');
    assert.match(text, /Bonding Mode: fault-tolerance \(active-backup\)/);
    assert.match(await vmRun(vm, `cat ${DIR}/tsprov-bond0.nmconnection`), /^\[bond\]\nmiimon=100\nmode=active-backup$/m);
    assert.match(await vmRun(vm, 'ip -o addr show dev bond0'), /inet 192\.168\.79\.1\/24/);
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /nm\s+: ok=1\s+changed=0\s/, again.out + again.err);
  });

  it('a pulled cable is drift for verify (exit 2); plugged back, verify holds (exit 0)', async () => {
    await cablePullIsDrift(vm, labInventory({ nm: { vm, vars: bond('active-backup') } }));
  });

  it('a bond over the management NIC: refused while ifupdown configures eth0; once NM holds it, the on-host timer rolls the lockout back', async () => {
    await lockoutRollsBack({
      vm,
      host: 'nm',
      inv: labInventory({ nm: { vm, vars: lockoutBond('nm') } }),
      files: `ls ${DIR}; cat ${DIR}/*`,
      writes: /create \/etc\/NetworkManager\/system-connections\/tsprov-bond1-port-eth0\.nmconnection/,
      takeOver: async () => {
        // NM reads /etc/network/interfaces when it starts: restarted, it holds eth0 as it finds it.
        await vmRun(vm, 'systemctl restart NetworkManager');
        await waitExec(vm, `nmcli -g GENERAL.STATE device show eth0 | grep -q externally`, 'NM holding eth0 as it is');
      },
    });
    assert.doesNotMatch((await active(vm)).join(' '), /tsprov-bond1/);
    await waitBond(vm, bothUp, 'bond0 untouched, both slaves up');
  });

  it('state: absent removes the bond: tsprov\'s profiles go, NM deactivates and the bond is deleted, the ports released; a rerun changes nothing', async () => {
    const inv = labInventory({ nm: { vm, vars: { backend: 'nm', bonds: [{ name: 'bond0', state: 'absent' }] } } });
    const r = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verify: holds/);
    assert.equal((await vmRun(vm, `ls -A ${DIR}`)).trim(), '', "tsprov's profiles are gone");
    assert.equal((await vm.exec('test -e /sys/class/net/bond0')).exitCode, 1, 'bond0 is gone');
    for (const nic of ['eth1', 'eth2']) assert.equal((await vm.exec(`test -e /sys/class/net/${nic}/master`)).exitCode, 1, `${nic} released`);
    assert.doesNotMatch((await active(vm)).join(' '), /tsprov-/);
    assert.match(await vmRun(vm, 'ip -o addr show dev eth0'), /inet 10\.0\.2\.15\/24/, 'the management NIC untouched');
    const again = await tsprov(['run', PLAY, '-i', inv, '-o', 'plain']);
    assert.match(again.out, /nm\s+: ok=1\s+changed=0\s/, again.out + again.err);
  });
});
