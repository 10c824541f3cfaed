import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Ajv } from 'ajv';
import { startTestHost, startTestHosts, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { tsprov } from './support/fleet.ts';

/**
 * Issue 13's fleet: 50 real sshd test hosts (each in its own network namespace) and two dark
 * addresses, 52 inventory hosts: 48 healthy,
 * two unreachable (nothing listens), one whose host key is not the one known_hosts pins, one
 * whose apply fails. One `run` at -f 8 and one sharded `check`. Concurrency is read off the hosts
 * themselves: each host's task writes when it started and ended.
 */
const FORKS = 8;
const PLAY = `- hosts: all
  tasks:
    - name: span
      shell: "s=$(date +%s%N); sleep 0.2; echo $s $(date +%s%N) > /tmp/tsprov-span"
    - name: breaks on h47
      command: "false"
      when: inventory_hostname == 'h47'
`;

describe('a 52-host fleet on 50 real sshd test hosts: forks, statuses, exit code, reports, shards', { skip: skipUnlessCi(), timeout: 300_000 }, () => {
  let hosts: TestHost[] = [];
  let odd: TestHost;
  let dir: string;
  let inv: string;
  let book: string;
  before(async () => {
    assertHarnessAvailable();
    [hosts, odd] = await Promise.all([startTestHosts(49), startTestHost({ uniqueHostKey: true })]);
    dir = mkdtempSync(join(tmpdir(), 'tsprov-fleet50-'));
    const base = (h: TestHost) => ({ address: h.address, port: h.port, user: 'root', identity_file: h.clientKeyPath, known_hosts_file: h.knownHostsPath });
    const entries: Record<string, unknown> = Object.fromEntries(hosts.map((h, i) => [`h${i + 1}`, base(h)]));
    // Pinned to the key every other host has: the odd host's own key does not match.
    const wrongKh = join(dir, 'known_hosts_wrong');
    writeFileSync(wrongKh, `${odd.address} ${hosts[0]!.hostPublicKey}\n`);
    entries.badkey = { ...base(odd), known_hosts_file: wrongKh };
    entries.dark1 = { ...base(hosts[0]!), port: 1 };
    entries.dark2 = { ...base(hosts[1]!), port: 2 };
    inv = join(dir, 'inventory.yml');
    writeFileSync(inv, stringify({ all: { vars: { connect_timeout: 5, ansible_ssh_retries: 0 }, hosts: entries } }));
    book = join(dir, 'play.yml');
    writeFileSync(book, PLAY);
  });
  after(async () => {
    await Promise.all([...hosts, odd].map((h) => h?.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`run -f ${FORKS}: never more than ${FORKS} hosts at once, every status right, exit 4, JSON valid against the schema, JUnit read by a real XML parser`, async () => {
    const junit = join(dir, 'run.xml');
    const r = await tsprov(['run', book, '-i', inv, '-f', String(FORKS), '-o', 'plain', '--report', 'json=-', '--report', `junit=${junit}`]);
    assert.equal(r.code, 4, `unreachable wins the exit code\n${r.err.slice(-3000)}`);
    const report = JSON.parse(r.out);
    const status = Object.fromEntries(report.hosts.map((h: { host: string; status: string }) => [h.host, h.status]));
    assert.equal(report.hosts.length, 52);
    assert.equal(status.h47, 'failed');
    assert.equal(status.badkey, 'unreachable');
    assert.equal(status.dark1, 'unreachable');
    assert.equal(status.dark2, 'unreachable');
    assert.equal(Object.values(status).filter((s) => s === 'changed').length, 48);
    assert.match(report.hosts.find((h: { host: string }) => h.host === 'badkey').message, /host key/i);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/tsprov.report.v1.schema.json', 'utf8')) as object);
    assert.ok(validate(report), JSON.stringify(validate.errors));
    assert.doesNotMatch(r.err, /\u001b/, 'plain output: no escape codes');

    // Spans written by the hosts: at no instant more than FORKS of them inside their task.
    const spans = (await Promise.all(hosts.map((h) => h.execInHost('cat /tmp/tsprov-span 2>/dev/null'))))
      .map((x) => x.stdout.trim().split(' ').map(BigInt)).filter((s) => s.length === 2) as Array<[bigint, bigint]>;
    assert.equal(spans.length, 49, 'the 48 changed hosts and the failing one ran their span');
    const edges = spans.flatMap(([s, e]) => [[s, 1], [e, -1]] as Array<[bigint, number]>).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    let now = 0, peak = 0;
    for (const [, d] of edges) peak = Math.max(peak, (now += d));
    assert.ok(peak <= FORKS, `${peak} hosts ran their task at once with -f ${FORKS}`);

    const cases = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
out = {}
for s in root.iter('testsuite'):
    out[s.get('name')] = [[c.get('name'), 'failure' if c.find('failure') is not None else 'error' if c.find('error') is not None else 'skipped' if c.find('skipped') is not None else 'ok'] for c in s.iter('testcase')]
print(json.dumps(out))`, junit], { encoding: 'utf8' })) as Record<string, Array<[string, string]>>;
    assert.equal(Object.keys(cases).length, 52, 'a suite per host');
    assert.ok(cases.h47!.some(([, v]) => v === 'failure'), JSON.stringify(cases.h47));
    assert.deepEqual(cases.dark1!.map(([, v]) => v), ['error'], 'unreachable: one error case');
    assert.ok(cases.h1!.every(([, v]) => v === 'ok' || v === 'skipped'), JSON.stringify(cases.h1));
  });

  it('check --shard i/3 with one --run-id: every host in exactly one shard; the merge is the unsharded check', async () => {
    const out = (n: string) => join(dir, n);
    const whole = await tsprov(['check', book, '-i', inv, '--run-id', 'f50', '-o', 'quiet', '--report', `json=${out('all.json')}`]);
    assert.equal(whole.code, 4);
    const shards = await Promise.all([1, 2, 3].map((i) => tsprov(['check', book, '-i', inv, '--run-id', 'f50', '--shard', `${i}/3`, '-o', 'quiet', '--report', `json=${out(`s${i}.json`)}`])));
    const names = [1, 2, 3].map((i) => JSON.parse(readFileSync(out(`s${i}.json`), 'utf8')).hosts.map((h: { host: string }) => h.host) as string[]);
    assert.equal(names.flat().length, 52, shards.map((s) => s.err).join('\n'));
    assert.equal(new Set(names.flat()).size, 52, 'no host in two shards');
    const merged = await tsprov(['report', 'merge', out('s1.json'), out('s2.json'), out('s3.json')]);
    assert.equal(merged.code, 4);
    const m = JSON.parse(merged.out);
    const all = JSON.parse(readFileSync(out('all.json'), 'utf8'));
    const shape = (x: { hosts: Array<{ host: string; status: string }> }) => x.hosts.map((h) => `${h.host}:${h.status}`).sort();
    assert.deepEqual(shape(m), shape(all));
    assert.deepEqual(m.summary, all.summary);
  });
});
