/**
 * The verdict a failed lab boot leads with, from real serial consoles (lab/capture-boot-consoles.ts):
 * both boots had the bond NICs' e1000 driver loaded first and their devices ahead of the
 * management NIC; one with the lab's MAC pins, one without.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bootDiagnosis, managementVerdict } from '../../../lab/boot-diagnosis.ts';
import { nicNames } from '../../../lab/nic-names.ts';
import { labVmSpec } from '../../../lab/vm.ts';

const serial = (name: string): string => readFileSync(`test/golden/lab/serial-${name}.txt`, 'utf8');
// The specs those boots used: port block 23950, VMs 1 and 2.
const pinned = nicNames(labVmSpec({ base: 23950, index: 1, name: 'pinned' }));
const unpinned = nicNames(labVmSpec({ base: 23950, index: 2, name: 'unpinned' }));

test('REAL console, no pins: the kernel gave eth0 to an e1000 NIC, and the verdict says the management config went there', () => {
  assert.equal(
    managementVerdict(serial('unpinned'), unpinned),
    'eth0 is 52:54:5d:8e:02:01 (driver e1000), not the management NIC 52:54:5d:8e:02:00, which is eth2 (driver virtio_net): the static management config went to the wrong NIC',
  );
});

test('REAL console, pinned: the same probe order, renamed from the MACs; the verdict clears the network', () => {
  const text = serial('pinned');
  assert.match(text, /kernel named eth0: mac 52:54:5d:8e:01:01 driver e1000/, 'the race really happened in this boot');
  assert.equal(managementVerdict(text, pinned), 'the management NIC eth0 (52:54:5d:8e:01:00, driver virtio_net) is up with 10.0.2.15/24: the network is right, look at sshd in the console tail');
  const full = bootDiagnosis(text, pinned);
  assert.match(full, /^diagnosis: the management NIC eth0/);
  assert.match(full, /\n {2}lab-nic-names: kernel named eth2: mac 52:54:5d:8e:01:00 driver virtio_net\n/);
  assert.match(full, /\n {2}lab-net: eth1 mac 52:54:5d:8e:01:01 driver e1000 state down inet none/);
});

test('consoles cut short at each stage get their own verdict', () => {
  const text = serial('pinned');
  const before = (marker: string) => text.slice(0, text.indexOf(marker));
  assert.match(managementVerdict(before('lab-nic-names: kernel named'), pinned), /lab-nic-names printed nothing on the serial console/);
  assert.match(managementVerdict(before('lab-net: eth0'), pinned), /^no lab-net report: networking had not finished$/);
  const noAddress = text.replace('inet 10.0.2.15/24', 'inet none');
  assert.match(managementVerdict(noAddress, pinned), /^the management NIC eth0 \(52:54:5d:8e:01:00, driver virtio_net, up\) has no IPv4 address, not 10\.0\.2\.15\/24$/);
  const missing = before('lab-net: eth0') + 'lab-nic-names: MISSING eth2: no NIC with MAC 52:54:5d:8e:01:02 after 60 s\n';
  assert.match(managementVerdict(missing, pinned), /networking had not finished \(lab-nic-names: MISSING eth2/);
});
