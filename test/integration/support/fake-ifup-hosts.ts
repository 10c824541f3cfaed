/**
 * Test hosts whose ifupdown is a named FAKE: this machine's kernel cannot make a bond, so `ifup`
 * "succeeds" without one and verification must catch it. Real bonds are proven in the VM lab.
 * Call `fakeIfupSuite()` inside a describe: it checks the harness before the suite and stops every
 * host it started (and removes its temp dir) after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { assertHarnessAvailable } from '../../harness/availability.ts';
import { startTestHost, type TestHost } from '../../harness/test-host.ts';
import { fakeBondingKernelFiles, fakeDpkgStatus } from './fleet.ts';

export const OLD_INTERFACES = 'auto lo\niface lo inet loopback\n\nauto eth1\niface eth1 inet dhcp\n';
export const FAKE_IFUPDOWN = '#!/bin/sh\n# FAKE for tsprov tests: succeeds, creates nothing\nexit 0\n';
export const BOND_ON_FAKE = { name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100, address: '198.18.252.10/24' };

export interface FakeIfupSuite {
  host(): Promise<TestHost>;
  /** The suite's temp dir. */
  dir(): string;
}

export function fakeIfupSuite(prefix: string): FakeIfupSuite {
  const hosts: TestHost[] = [];
  let dir: string | undefined;
  before(() => {
    assertHarnessAvailable();
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async host() {
      const h = await startTestHost({
        nics: ['eth1', 'eth2'],
        files: { ...fakeBondingKernelFiles(), ...fakeDpkgStatus(['ifenslave']), '/etc/network/interfaces': OLD_INTERFACES, '/usr/local/sbin/ifup': FAKE_IFUPDOWN, '/usr/local/sbin/ifdown': FAKE_IFUPDOWN },
      });
      await h.execInHost('chmod 755 /usr/local/sbin/ifup /usr/local/sbin/ifdown');
      hosts.push(h);
      return h;
    },
    dir: () => dir!,
  };
}
