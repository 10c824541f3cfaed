// lab/guest/lab-nic-names, the script that names every lab VM NIC after its MAC, run for real on
// interfaces in a network namespace of this test's own (veth NICs with chosen MACs, named in the
// wrong order as a probe race would name them): it must give every declared MAC its declared
// name whatever the kernel's order, swaps included, and never hand ip(8) a malformed value.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipUnlessCi, assertHarnessAvailable } from '../harness/availability.ts';
import { mustRun, run, runSyncQuiet } from '../harness/proc.ts';

const SCRIPT = 'lab/guest/lab-nic-names';
const NS = `tsp-nicnames-${process.pid}`;
const MGMT = '52:54:5d:8e:01:00';
const NIC1 = '52:54:5d:8e:01:01';
const NIC2 = '52:54:5d:8e:01:02';
const PINS = `lab.ifname=eth0:${MGMT} lab.ifname=eth1:${NIC1} lab.ifname=eth2:${NIC2}`;
const dir = mkdtempSync(join(tmpdir(), 'tsprov-nicnames-'));

/**
 * Recreates the namespace's NICs: [name, MAC] in the order the "kernel" named them. This kernel
 * has no dummy driver, so each is a veth whose peer (`peerN`, a random MAC) the script must ignore.
 */
async function nics(list: Array<[string, string]>): Promise<void> {
  runSyncQuiet('ip', ['netns', 'del', NS]);
  await mustRun('ip', ['netns', 'add', NS]);
  await mustRun('ip', ['-n', NS, '-batch', '-'], list.map(([n, mac], k) => `link add ${n} address ${mac} type veth peer name peer${k}`).join('\n') + '\n');
}

async function names(cmdline: string, waitS = 2): Promise<{ code: number; out: string; byMac: Record<string, string> }> {
  const file = join(dir, 'cmdline');
  writeFileSync(file, `root=/dev/vda console=ttyS0 net.ifnames=0 ${cmdline}\n`);
  const r = await run('ip', ['netns', 'exec', NS, 'env', `LAB_CMDLINE=${file}`, `LAB_NIC_WAIT_S=${waitS}`, 'sh', SCRIPT]);
  const links = JSON.parse(await mustRun('ip', ['-n', NS, '-j', 'link', 'show'])) as Array<{ ifname: string; address: string }>;
  const byMac = Object.fromEntries(links.filter((l) => l.ifname !== 'lo' && !l.ifname.startsWith('peer')).map((l) => [l.address, l.ifname]));
  return { code: r.exitCode, out: r.stdout + r.stderr, byMac };
}

describe('lab-nic-names on real interfaces in a namespace', { skip: skipUnlessCi() }, () => {
  before(() => assertHarnessAvailable());
  after(() => runSyncQuiet('ip', ['netns', 'del', NS]));

  it('the race that broke the lab: e1000 probed first and took eth0 and eth1; names come back from the MACs', async () => {
    await nics([['eth0', NIC1], ['eth1', NIC2], ['eth2', MGMT]]);
    const r = await names(PINS);
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(r.byMac, { [MGMT]: 'eth0', [NIC1]: 'eth1', [NIC2]: 'eth2' });
    assert.match(r.out, /lab-nic-names: eth0 mac 52:54:5d:8e:01:00 /);
  });

  it('a plain swap of two names, and a NIC already right stays where it is (same ifindex)', async () => {
    await nics([['eth0', NIC1], ['eth1', MGMT], ['eth2', NIC2]]);
    const before = JSON.parse(await mustRun('ip', ['-n', NS, '-j', 'link', 'show', 'eth2']))[0].ifindex;
    const r = await names(PINS);
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(r.byMac, { [MGMT]: 'eth0', [NIC1]: 'eth1', [NIC2]: 'eth2' });
    assert.equal(JSON.parse(await mustRun('ip', ['-n', NS, '-j', 'link', 'show', 'eth2']))[0].ifindex, before);
  });

  it('every order of three NICs gives the same names', async () => {
    const macs = [MGMT, NIC1, NIC2];
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const order of orders) {
      await nics(order.map((m, k) => [`eth${k}`, macs[m]!] as [string, string]));
      const r = await names(PINS);
      assert.equal(r.code, 0, `${order}: ${r.out}`);
      assert.deepEqual(r.byMac, { [MGMT]: 'eth0', [NIC1]: 'eth1', [NIC2]: 'eth2' }, `kernel order ${order}`);
    }
  });

  it('an undeclared NIC holding a declared name is moved aside, and says so', async () => {
    await nics([['eth0', '52:54:00:99:99:99'], ['eth1', NIC1], ['eth5', MGMT], ['eth2', NIC2]]);
    const r = await names(PINS);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.byMac[MGMT], 'eth0');
    assert.equal(r.byMac['52:54:00:99:99:99'], 'labspare1');
    assert.match(r.out, /undeclared 52:54:00:99:99:99 held eth0: now labspare1/);
  });

  it('a declared MAC that never appears fails (exit 1) after the wait and names the NIC', async () => {
    await nics([['eth0', MGMT], ['eth1', NIC1]]);
    const r = await names(PINS, 1);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /MISSING eth2: no NIC with MAC 52:54:5d:8e:01:02 after 1 s/);
    assert.deepEqual(r.byMac, { [MGMT]: 'eth0', [NIC1]: 'eth1' });
  });

  it('malformed pins are refused before ip(8) sees them: an option-like name, a bad MAC', async () => {
    await nics([['eth0', NIC1], ['eth1', MGMT]]);
    const r = await names(`lab.ifname=-a:${MGMT} lab.ifname=eth1:zz:zz lab.ifname=eth0;reboot:${NIC1}`);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /ignoring malformed lab\.ifname=-a:52:54:5d:8e:01:00/);
    assert.match(r.out, /ignoring malformed lab\.ifname=eth1:zz:zz/);
    assert.match(r.out, /ignoring malformed lab\.ifname=eth0;reboot:/);
    assert.deepEqual(r.byMac, { [NIC1]: 'eth0', [MGMT]: 'eth1' }, 'nothing renamed');
  });

  it('no pins on the command line: names left as they are', async () => {
    await nics([['eth0', NIC1], ['eth1', MGMT]]);
    const r = await names('quiet');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /no lab\.ifname= on the kernel command line/);
    assert.deepEqual(r.byMac, { [NIC1]: 'eth0', [MGMT]: 'eth1' });
  });
});
