import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { renderIfupdown } from '../../src/render/index.ts';
import { toBond } from '../../src/config/bond-normalise.ts';
import { fakeBondingKernelFiles, fakeDpkgStatus, tsprov, writeInventory } from './support/fleet.ts';

/**
 * `tsprov drift` against real sshd test hosts with prepared drift. The hosts have no bonding
 * driver (this machine's kernel), so the declared bond is never live: on the host whose files
 * match, that is "not-applied"; where the files differ too, it is "live" drift beside the file
 * finding. Three runs with one state dir show new, still there and resolved.
 */
const BOND = { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], primary: 'eth1', miimon: 100, address: '198.18.250.10/24' };
const OLD = 'auto lo\niface lo inet loopback\n\nauto eth1\niface eth1 inet dhcp\n';

type Report = { schema: string; exitCode: number; hosts: Array<{ host: string; status: string; findings: Array<{ kind: string; target: string; what: string; severity: string; fix: string; expectedBecause?: string }> }>; since?: { baseline: boolean; new: Array<{ id: string; label?: string }>; still: unknown[]; resolved: Array<{ id: string; label?: string }> } };

describe('tsprov drift against real sshd test hosts', { skip: skipUnlessCi() }, () => {
  let matching: TestHost, old: TestHost;
  let dir: string;
  let matchingText: string;
  before(async () => {
    assertHarnessAvailable();
    matchingText = renderIfupdown({ bonds: [toBond(BOND)], existing: { '/etc/network/interfaces': OLD }, env: { modutils: false, ifenslaveCommand: false, maxBondsZero: true } }).files.find((f) => f.path === '/etc/network/interfaces')!.content!;
    const nics = ['eth1', 'eth2'];
    [matching, old] = await Promise.all([
      startTestHost({ nics, files: { ...fakeBondingKernelFiles(), ...fakeDpkgStatus(['ifenslave']), '/etc/network/interfaces': matchingText } }),
      startTestHost({ nics, files: { ...fakeBondingKernelFiles(), '/etc/network/interfaces': OLD } }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'tsprov-drift-'));
  });
  after(async () => {
    await Promise.all([matching?.stop(), old?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const inventory = (oldVars: Record<string, unknown> = {}): string =>
    writeInventory(dir, { matching: { host: matching, vars: { backend: 'ifupdown', bonds: [BOND] } }, old: { host: old, vars: { backend: 'ifupdown', bonds: [BOND], ...oldVars } } });
  const drift = async (inv: string): Promise<{ code: number; report: Report; text: string; prom: string }> => {
    const json = join(dir, 'drift.json');
    const prom = join(dir, 'tsprov.prom');
    const r = await tsprov(['drift', '-i', inv, '--state-dir', join(dir, 'state'), '--report', `json=${json}`, '--report', `prometheus=${prom}`]);
    return { code: r.code, report: JSON.parse(readFileSync(json, 'utf8')) as Report, text: r.out + r.err, prom: readFileSync(prom, 'utf8') };
  };
  const kinds = (rep: Report, host: string): string[] => rep.hosts.find((h) => h.host === host)!.findings.map((f) => `${f.kind} ${f.target} ${f.what}`).sort();

  it('finds each kind of drift, exits 2, touches nothing, and tracks findings across three runs', async () => {
    const before = [matching.treeHash(), old.treeHash()];
    const one = await drift(inventory());
    assert.equal(one.code, 2, one.text);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/tsprov.drift.v1.schema.json', 'utf8')) as object);
    assert.ok(validate(one.report), JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ ...one.report, hosts: [{ ...one.report.hosts[0], findings: [{ ...one.report.hosts[0]!.findings[0], kind: 'vibes' }] }] }), false, 'the schema can fail');
    assert.deepEqual([matching.treeHash(), old.treeHash()], before, 'drift is read-only: not a byte changed on either host');
    assert.deepEqual(kinds(one.report, 'matching'), ['not-applied bond0 exists']);
    assert.deepEqual(kinds(one.report, 'old'), ['file /etc/network/interfaces content differs', 'live bond0 exists', 'package ifenslave package present']);
    const notApplied = one.report.hosts[0]!.findings[0]!;
    assert.equal(notApplied.severity, 'critical');
    assert.match(notApplied.fix, /^tsprov run \/\S+\/playbooks\/bonding\.yml -i .*inventory\.yml --limit matching$/, 'the bundled playbook by its full path');
    assert.equal(one.report.since?.baseline, false);
    assert.match(one.text, /since last run: no earlier state \(this run is the baseline\)/);

    // The host moves back by itself (someone fixed the file and installed the package): corrective.
    await old.execInHost(`printf '%s' '${matchingText.replace(/'/g, `'\\''`)}' > /etc/network/interfaces`);
    const two = await drift(inventory());
    assert.equal(two.code, 2);
    assert.ok(validate(two.report), `with since: ${JSON.stringify(validate.errors, null, 2)}`);
    assert.deepEqual(kinds(two.report, 'old'), ['not-applied bond0 exists', 'package ifenslave package present']);
    const since2 = two.report.since!;
    assert.deepEqual(since2.resolved.map((r) => [r.id, r.label]).sort(), [['old|file|/etc/network/interfaces|content differs', 'corrective'], ['old|live|bond0|exists', 'corrective']]);
    assert.deepEqual(since2.new.map((n) => [n.id, n.label]), [['old|not-applied|bond0|exists', 'corrective']]);
    assert.equal(since2.still.length, 2, 'matching not-applied and old package are still there');

    // The declaration changes: old's bond is expected to be down, with a reason. Intentional.
    const three = await drift(inventory({ drift_expected: [{ kind: 'not-applied', target: 'bond0', reason: 'awaiting the maintenance window' }] }));
    assert.ok(validate(three.report), `with expectedBecause: ${JSON.stringify(validate.errors, null, 2)}`);
    assert.equal(three.code, 2, 'matching still drifts');
    const oldHost = three.report.hosts.find((h) => h.host === 'old')!;
    assert.equal(oldHost.findings.find((f) => f.kind === 'not-applied')!.expectedBecause, 'awaiting the maintenance window');
    assert.deepEqual(three.report.since!.resolved.map((r) => [r.id, r.label]), [['old|not-applied|bond0|exists', 'intentional']]);
    assert.match(three.text, /expected: awaiting the maintenance window/);

    // One connection and one exec per host, counted from -vvv (every remote command is traced).
    // … and with the Markdown report on stdout: stdout holds the report alone, the text goes to stderr.
    const traced = await tsprov(['drift', '-i', inventory(), '-vvv', '--report', 'markdown=-']);
    assert.match(traced.out, /^## tsprov drift\n\n2 hosts: 0 ok, 2 drifted, 0 failed, 0 unreachable\n/);
    assert.match(traced.out, /^\| matching \| drift \| 1 \| {2}\|$/m);
    assert.match(traced.out, /^Fix: `tsprov run \/\S+\/playbooks\/bonding\.yml -i \S+ --limit matching`$/m);
    assert.doesNotMatch(traced.out, /^DRIFT:|^\[matching\]/m, 'nothing but the report on stdout');
    assert.match(traced.err, /^DRIFT: 2 hosts/m);
    const jsonOut = await tsprov(['drift', '-i', inventory(), '--report', 'json=-', '--report', `text=${join(dir, 'drift.txt')}`]);
    assert.equal(JSON.parse(jsonOut.out).schema, 'tsprov.drift/v1', 'stdout parses as the JSON report, whole');
    assert.match(readFileSync(join(dir, 'drift.txt'), 'utf8'), /^DRIFT: 2 hosts/m);
    for (const host of ['matching', 'old']) {
      const lines = traced.err.split('\n').filter((l) => l.includes(`[${host}]`));
      assert.equal(lines.filter((l) => / CONNECTION /.test(l)).length, 1, `${host}: one connection\n${traced.err}`);
      assert.equal(lines.filter((l) => / EXEC/.test(l)).length, 1, `${host}: one exec (the probe)\n${traced.err}`);
    }

    // The Prometheus file, read by the reference parser (prometheus_client, Debian's package).
    const parsed = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for fam in text_string_to_metric_families(sys.stdin.read()):
    out[fam.name] = [[s.labels, s.value] for s in fam.samples]
print(json.dumps(out))`], { input: three.prom, encoding: 'utf8' })) as Record<string, Array<[Record<string, string>, number]>>;
    assert.deepEqual(parsed.tsprov_drift_findings!.map(([l, v]) => [l.host, l.kind, v]).sort(), [['matching', 'not-applied', 1], ['old', 'package', 1]]);
    assert.deepEqual(parsed.tsprov_drift_hosts!.find(([l]) => l.status === 'drift')![1], 2);
    assert.equal(parsed.tsprov_drift_last_run_exit_code![0]![1], 2);
    assert.ok(parsed.tsprov_drift_last_run_timestamp_seconds![0]![1] > 1.7e9);
  });
});
