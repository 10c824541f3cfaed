// Proves the VM lab: a Debian VM with Debian's bonding module, ifenslave installable offline from
// the image's local repo, a balance-rr bond over two e1000 socket NICs, and a cable pulled and
// plugged back through QMP. Port block 20000–20099 (see lab/ports.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labUnavailableReason, labVmSpec, withLab, type Vm } from '../../lab/vm.ts';
import { parseBondStatus, type BondStatus } from '../../lab/bond-status.ts';

const BASE = 20000;
const unavailable = labUnavailableReason();
if (unavailable && process.env.CI !== 'true') {
  console.error(`\n!!! SKIPPING lab smoke test: ${unavailable} !!!\n`);
}

async function run(vm: Vm, cmd: string): Promise<string> {
  const r = await vm.exec(cmd);
  assert.equal(r.exitCode, 0, `\`${cmd}\` failed (${r.exitCode}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function waitForBond(
  vm: Vm,
  want: (s: BondStatus) => boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<BondStatus> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const r = await vm.exec('cat /proc/net/bonding/bond0');
    last = r.stdout + r.stderr;
    const status = parseBondStatus(r.stdout);
    if (r.exitCode === 0 && want(status)) return status;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last bond0 state:\n${last}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const BOND_STANZA = `auto bond0
iface bond0 inet static
    address 192.168.77.1/24
    bond-slaves eth1 eth2
    bond-mode balance-rr
    bond-miimon 100
`;

test('lab smoke: bonding in a Debian VM, cable pulled and plugged via QMP', {
  skip: unavailable !== null && process.env.CI !== 'true' ? unavailable : false,
  timeout: 1_800_000,
}, async () => {
  if (unavailable) assert.fail(`CI=true but the lab cannot run: ${unavailable}`);
  const t0 = Date.now();
  const spec = labVmSpec({ base: BASE, index: 0, name: 'lab-smoke', nicCount: 2, model: 'e1000' });
  await withLab([spec], async ([vm]) => {
    assert.ok(vm);
    const timings: Record<string, number> = { bootToSsh: vm.bootMs };

    assert.match(await run(vm, 'modinfo -F filename bonding'), /bonding\.ko/);
    const before = await vm.exec('dpkg -s ifenslave');
    assert.notEqual(before.exitCode, 0, 'ifenslave must not be preinstalled in the image');

    let t = Date.now();
    await run(vm, 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q ifenslave');
    timings.aptInstall = Date.now() - t;
    assert.match(await run(vm, 'dpkg -s ifenslave'), /^Status: install ok installed$/m);

    await run(vm, `cat > /etc/network/interfaces.d/bond0 <<'EOF'\n${BOND_STANZA}EOF`);
    t = Date.now();
    await run(vm, 'ifup bond0');
    const up = await waitForBond(vm, (s) => s.slaves.eth1 === 'up' && s.slaves.eth2 === 'up', 'both slaves up');
    timings.ifupToBothUp = Date.now() - t;
    assert.equal(up.mii, 'up');
    assert.match(await run(vm, 'cat /proc/net/bonding/bond0'), /Bonding Mode: load balancing \(round-robin\)/);

    t = Date.now();
    await vm.setLink('nic1', false);
    const degraded = await waitForBond(vm, (s) => s.slaves.eth1 === 'down', 'eth1 MII down');
    timings.unplugToDown = Date.now() - t;
    assert.equal(degraded.slaves.eth2, 'up');
    assert.equal(degraded.mii, 'up', 'bond0 stays up with one slave left');

    t = Date.now();
    await vm.setLink('nic1', true);
    await waitForBond(vm, (s) => s.slaves.eth1 === 'up' && s.slaves.eth2 === 'up', 'eth1 MII up again');
    timings.plugToUp = Date.now() - t;

    timings.total = Date.now() - t0;
    console.log(`lab smoke timings (ms): ${JSON.stringify(timings)}`);
  });
});
