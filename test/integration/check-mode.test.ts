import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { renderIfupdown } from '../../src/render/index.ts';
import { toBond } from '../../src/config/bond-normalise.ts';
import { fakeBondingKernelFiles, tsprov, writeInventory } from './support/fleet.ts';

const BOND = { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], primary: 'eth1', miimon: 100, address: '198.18.250.10/24' };
const OLD = 'auto lo\niface lo inet loopback\n\n# uplink\nauto eth1\niface eth1 inet dhcp\n\nauto eth3\niface eth3 inet static\n    address 198.18.251.5/24\n';

describe('run --check --diff against real sshd test hosts', { skip: skipUnlessCi() }, () => {
  let fresh: TestHost, old: TestHost, matching: TestHost;
  let dir: string;
  let inventory: string;
  let matchingText: string;
  before(async () => {
    assertHarnessAvailable();
    matchingText = renderIfupdown({ bonds: [toBond(BOND)], existing: { '/etc/network/interfaces': OLD }, env: { modutils: false, ifenslaveCommand: false, maxBondsZero: true } }).files.find((f) => f.path === '/etc/network/interfaces')!.content!;
    const nics = ['eth1', 'eth2', 'eth3'];
    [fresh, old, matching] = await Promise.all([
      startTestHost({ nics, files: fakeBondingKernelFiles() }),
      startTestHost({ nics, files: { ...fakeBondingKernelFiles(), '/etc/network/interfaces': OLD } }),
      startTestHost({ nics, files: { ...fakeBondingKernelFiles(), '/etc/network/interfaces': matchingText } }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'tsprov-check-'));
    const vars = { backend: 'ifupdown', bonds: [BOND] };
    inventory = writeInventory(dir, { fresh: { host: fresh, vars }, old: { host: old, vars }, matching: { host: matching, vars } });
  });
  after(async () => {
    await Promise.all([fresh?.stop(), old?.stop(), matching?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the expected diff per host, exits 2, and changes nothing on any host', async () => {
    const hosts = [fresh, old, matching];
    const before = hosts.map((h) => h.treeHash());
    const json = join(dir, 'report.json');
    const md = join(dir, 'report.md');
    const r = await tsprov(['run', 'playbooks/bonding.yml', '-i', inventory, '--check', '--diff', '--report-json', json, '--report-md', md]);
    assert.equal(r.code, 2, `exit 2 = changes pending\n${r.out}\n${r.err}`);
    assert.deepEqual(hosts.map((h) => h.treeHash()), before, 'check mode must not change a byte on any host');

    // fresh: a whole new file.
    assert.match(r.out, /--- \/dev\/null\t\(absent\)\n\s*\+\+\+ fresh:\/etc\/network\/interfaces/);
    assert.match(r.out, /\+iface bond0 inet static/);
    // old: the slave's dhcp stanza goes, the unrelated eth3 stanza stays untouched.
    assert.match(r.out, /--- old:\/etc\/network\/interfaces/);
    assert.match(r.out, /-iface eth1 inet dhcp/);
    assert.doesNotMatch(r.out, /-iface eth3/);
    // matching: no file diff at all.
    assert.doesNotMatch(r.out, /matching:\/etc\/network\/interfaces/);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(report.schema, 'tsprov.report/v1');
    assert.equal(report.check, true);
    const byHost = Object.fromEntries(report.hosts.map((h: { host: string }) => [h.host, h]));
    const files = (h: string): string[] => byHost[h].tasks.flatMap((t: { changes: Array<{ kind: string; target: string }> }) => t.changes.filter((c) => c.kind === 'file').map((c) => c.target));
    assert.deepEqual(files('fresh'), ['/etc/network/interfaces']);
    assert.deepEqual(files('old'), ['/etc/network/interfaces']);
    assert.deepEqual(files('matching'), []);
    const after = byHost.old.tasks[0].changes.find((c: { kind: string }) => c.kind === 'file').after as string;
    assert.ok(after.includes('iface eth3 inet static\n    address 198.18.251.5/24'), 'unrelated stanza kept byte for byte');
    assert.equal(after, matchingText, 'the old host converges to exactly the text the matching host already has');
    for (const h of ['fresh', 'old', 'matching']) assert.equal(byHost[h].status, 'changed', `${h}: ifenslave install and reload are pending`);
    assert.match(readFileSync(md, 'utf8'), /```diff\n--- old:\/etc\/network\/interfaces/);
  });

  it('state: absent through the CLI: validate accepts it, --check --diff shows the file going back to what it was, nothing changes', async () => {
    const inv = writeInventory(mkdtempSync(join(dir, 'absent-')), { matching: { host: matching, vars: { backend: 'ifupdown', bonds: [{ ...BOND, state: 'absent' }] } } });
    const v = await tsprov(['validate', 'playbooks/bonding.yml', '-i', inv]);
    assert.equal(v.code, 0, v.out + v.err);
    const before = matching.treeHash();
    const json = join(dir, 'absent.json');
    const r = await tsprov(['run', 'playbooks/bonding.yml', '-i', inv, '--check', '--diff', '--report-json', json]);
    assert.equal(r.code, 2, r.out + r.err);
    assert.equal(matching.treeHash(), before);
    assert.match(r.out, /-# tsprov replaced \(bond0, eth1\): auto eth1\n/);
    assert.match(r.out, /\+auto eth1\n\s*\+iface eth1 inet dhcp/);
    const change = JSON.parse(readFileSync(json, 'utf8')).hosts[0].tasks[0].changes.find((c: { kind: string }) => c.kind === 'file');
    assert.equal(change.after, OLD, 'removing the bond gives the file back byte for byte');
  });

  it('gathers facts in exactly one exec per host and reports preconditions', async () => {
    const r = await tsprov(['facts', '-i', inventory, '--json', '--limit', 'fresh']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    const f = doc.hosts.fresh;
    assert.equal(f.execCount, 1, 'one round trip for all facts');
    assert.deepEqual(f.facts.nics.map((n: { name: string }) => n.name).filter((n: string) => /^eth\d$/.test(n)).sort(), ['eth1', 'eth2', 'eth3']);
    const ids = Object.fromEntries(f.preconditions.map((p: { id: string; verdict: string }) => [p.id, p.verdict]));
    assert.equal(ids['kernel.bonding'], 'ok');
    assert.equal(ids['slave.exists:eth1'], 'ok');
    assert.equal(ids['package.ifenslave'], 'warn', 'not installed, will be installed');
  });
});
