import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { Ajv } from 'ajv';
import { tsprov, writeInventory } from './support/fleet.ts';

/**
 * The play-level brakes of a canary rollout on real sshd test hosts: `serial` with a canary and
 * percentages, `max_fail_percentage`, and `any_errors_fatal`. The second host's apply fails (its
 * command exits 1); which hosts ran is read from each host's own files, not from tsprov's report.
 */
const play = (head: string): string => `- hosts: all
${head}
  tasks:
    - name: mark
      copy: {dest: /tmp/tsprov-ran, content: "{{ inventory_hostname }}\\n"}
    - name: the second host breaks
      command: "false"
      when: inventory_hostname == 'h2'
`;

describe('serial, max_fail_percentage and any_errors_fatal on real sshd test hosts', { skip: skipUnlessCi() }, () => {
  const hosts: TestHost[] = [];
  let dir: string;
  let inv: string;
  before(async () => {
    assertHarnessAvailable();
    hosts.push(...(await Promise.all([1, 2, 3, 4, 5].map(() => startTestHost()))));
    dir = mkdtempSync(join(tmpdir(), 'tsprov-fleet-'));
    inv = writeInventory(dir, Object.fromEntries(hosts.map((h, i) => [`h${i + 1}`, { host: h, vars: {} }])));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const ran = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const [i, h] of hosts.entries()) if ((await h.execInHost('cat /tmp/tsprov-ran 2>/dev/null')).stdout.trim() === `h${i + 1}`) out.push(`h${i + 1}`);
    await Promise.all(hosts.map((h) => h.execInHost('rm -f /tmp/tsprov-ran')));
    return out;
  };
  const run = async (head: string, ...flags: string[]): Promise<{ code: number; statuses: Record<string, string>; messages: Record<string, string>; out: string }> => {
    const book = join(dir, 'play.yml');
    writeFileSync(book, play(head));
    const json = join(dir, 'report.json');
    const r = await tsprov(['run', book, '-i', inv, '-o', 'plain', '--report-json', json, ...flags]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { hosts: Array<{ host: string; status: string; message?: string }> };
    return { code: r.code, out: r.out + r.err, statuses: Object.fromEntries(report.hosts.map((h) => [h.host, h.status])), messages: Object.fromEntries(report.hosts.map((h) => [h.host, h.message ?? ''])) };
  };

  it('any_errors_fatal: no host starts after the failed one; the one running beside it finishes', async () => {
    const r = await run('  any_errors_fatal: true', '-f', '1');
    assert.equal(r.code, 3, r.out);
    assert.deepEqual(r.statuses, { h1: 'changed', h2: 'failed', h3: 'skipped', h4: 'skipped', h5: 'skipped' }, r.out);
    assert.match(r.messages.h3!, /^not started: any_errors_fatal: h2 failed$/);
    // h2's own apply restores its files when its command fails: only h1 keeps the mark.
    assert.deepEqual(await ran(), ['h1']);
  });

  it('serial [1, 50%] with max_fail_percentage 0: the canary passes, the failing wave stops the rest', async () => {
    // Batches: [h1] (the canary), [h2, h3] (50% of 5 hosts is 2: rounded down, at least 1, as Ansible does), then [h4, h5].
    const r = await run('  serial: [1, "50%"]\n  max_fail_percentage: 0');
    assert.equal(r.code, 3, r.out);
    assert.deepEqual(r.statuses, { h1: 'changed', h2: 'failed', h3: 'changed', h4: 'skipped', h5: 'skipped' }, r.out);
    assert.match(r.messages.h4!, /max_fail_percentage 0% exceeded in batch 2 \(1\/2 failed\)/);
    assert.deepEqual(await ran(), ['h1', 'h3']);
    // 50% tolerated: the wave's one failure in two does not pass the threshold, every host runs.
    const tolerant = await run('  serial: [1, "50%"]\n  max_fail_percentage: 50');
    assert.deepEqual(Object.values(tolerant.statuses).filter((s) => s === 'skipped'), []);
    assert.deepEqual(await ran(), ['h1', 'h3', 'h4', 'h5']);
  });

  it('--shard 1/2 and 2/2 with one --run-id merge (tsprov report merge) into the unsharded report, valid against the shipped schema', async () => {
    const book = join(dir, 'play.yml');
    writeFileSync(book, play(''));
    const out = (name: string): string => join(dir, name);
    const whole = await tsprov(['check', book, '-i', inv, '--run-id', 'ci-7', '--report', `json=${out('all.json')}`]);
    assert.equal(whole.code, 2, whole.out + whole.err);
    for (const i of [1, 2]) {
      const r = await tsprov(['check', book, '-i', inv, '--run-id', 'ci-7', '--shard', `${i}/2`, '--report', `json=${out(`s${i}.json`)}`]);
      assert.equal(r.code, 2, r.out + r.err);
    }
    const merged = await tsprov(['report', 'merge', out('s2.json'), out('s1.json'), '--report', 'json=-']);
    assert.equal(merged.code, 2, `the worst shard's exit code\n${merged.err}`);
    const m = JSON.parse(merged.out);
    const all = JSON.parse(readFileSync(out('all.json'), 'utf8'));
    const shape = (r: { hosts: Array<{ host: string; status: string; tasks: Array<{ task: string; status: string }> }> }) =>
      r.hosts.map((h) => [h.host, h.status, h.tasks.map((t) => `${t.task}:${t.status}`).join(',')]).sort();
    assert.deepEqual(shape(m), shape(all), 'every host exactly once, as the unsharded run saw it');
    assert.deepEqual(m.summary, all.summary);
    assert.equal(m.merged.missing.length, 0);
    const s1 = JSON.parse(readFileSync(out('s1.json'), 'utf8'));
    assert.deepEqual(s1.shard, { index: 1, count: 2 });
    const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/tsprov.report.v1.schema.json', 'utf8')) as object);
    for (const r of [m, s1]) assert.ok(validate(r), JSON.stringify(validate.errors));
    // A shard of another run is refused, naming it.
    const other = await tsprov(['check', book, '-i', inv, '--shard', '1/2', '--report', `json=${out('other.json')}`]);
    assert.equal(other.code, 2);
    const refused = await tsprov(['report', 'merge', out('s2.json'), out('other.json')]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /other\.json: run \S+, but \S+s2\.json is run ci-7: give every shard the same --run-id/);
  });
});
