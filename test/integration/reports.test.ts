import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { parseJUnit } from '../unit/report/junit-parse.ts';
import { fakeBondingKernelFiles, tsprov, writeInventory } from './support/fleet.ts';

/**
 * `--report FORMAT=PATH` of check, verify and facts against one real sshd test host: the JSON
 * report validated by ajv against the shipped schema, JUnit read back by python3's XML parser,
 * and stdout holding the one report asked for there, whole. The host has no bonding driver (this
 * machine's kernel), so verify finds bond0 missing: a real failure for JUnit to carry.
 */
const BOND = { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], primary: 'eth1', miimon: 100, address: '198.18.250.10/24' };
// A hostile task name: every XML-special character and a control byte (BEL).
const HOSTILE = `probe <&"'> \u0007`;
const schema = JSON.parse(readFileSync('schemas/tsprov.report.v1.schema.json', 'utf8')) as object;

describe('reports of check, verify and facts against a real sshd test host', { skip: skipUnlessCi() }, () => {
  let host: TestHost;
  let dir: string;
  let inv: string;
  let book: string;
  before(async () => {
    assertHarnessAvailable();
    host = await startTestHost({ nics: ['eth1', 'eth2'], files: fakeBondingKernelFiles() });
    dir = mkdtempSync(join(tmpdir(), 'tsprov-reports-'));
    inv = writeInventory(dir, { lab1: { host, vars: { backend: 'ifupdown', bonds: [BOND] } } });
    book = join(dir, 'play.yml');
    writeFileSync(book, `- hosts: all\n  tasks:\n    - name: bonds\n      bond: {}\n    - name: ${JSON.stringify(HOSTILE)}\n      command:\n        cmd: "true"\n`);
  });
  after(async () => {
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('check: --report-json - is the report alone on stdout, valid against the schema; JUnit and Markdown beside it', async () => {
    const junit = join(dir, 'out', 'check.xml');
    const md = join(dir, 'check.md');
    const r = await tsprov(['check', book, '-i', inv, '--report-json', '-', '--report', `junit=${junit}`, '--report', `markdown=${md}`]);
    assert.equal(r.code, 2, r.err);
    const report = JSON.parse(r.out) as { hosts: Array<Record<string, unknown>> };
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.match(r.err, /^tsprov check \(check mode/m, 'the header goes to stderr');
    assert.match(r.err, /^PLAY all — 1 host$/m);
    assert.match(r.err, /^RECAP\nlab1 +: ok=0 +changed=1 .*status=changed$/m);
    // The schema can fail: an unknown field and an unknown status are both refused.
    assert.equal(validate({ ...report, hosts: [{ ...report.hosts[0], surprise: 1 }] }), false);
    assert.equal(validate({ ...report, hosts: [{ ...report.hosts[0], status: 'fine' }] }), false);

    const doc = parseJUnit(readFileSync(junit, 'utf8'));
    assert.equal(doc.suites.length, 1);
    const cases = doc.suites[0]!.cases;
    assert.deepEqual(cases.map((c) => c.name), ['preconditions', 'bonds', 'probe <&"\'> \\u0007']);
    assert.ok(cases.every((c) => c.classname === 'lab1'));
    assert.equal(cases[0]!.failure, undefined, 'the faked kernel config passes the preconditions');
    assert.match(cases[0]!.out!, /^warn package\.ifenslave: /m, 'a warned precondition is shown, not failed');
    assert.match(cases[1]!.out!, /^\+\+\+ lab1:\/etc\/network\/interfaces\ttsprov$/m, 'the pending change as its diff');
    assert.equal(cases[2]!.skipped, 'command cannot simulate itself in check mode');
    assert.match(readFileSync(md, 'utf8'), /^```diff\n--- \/dev\/null/m);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['check.xml'], 'written atomically: no temp file left beside it');
  });

  it('verify: JUnit on stdout, one case per check, the missing bond a failure; JSON to a file', async () => {
    const json = join(dir, 'verify.json');
    const r = await tsprov(['verify', '-i', inv, '--report', 'junit=-', '--report', `json=${json}`]);
    assert.equal(r.code, 2, r.err);
    const doc = parseJUnit(r.out);
    const cases = doc.suites[0]!.cases;
    assert.equal(doc.suites[0]!.attrs.name, 'lab1');
    assert.deepEqual(cases.map((c) => c.name), ['bond0 exists']);
    assert.match(cases[0]!.failure!.message, /^bond0 exists: expected /);
    assert.match(r.err, /^== lab1: drift/m, 'the text report went to stderr');
    const v = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(v.schema, 'tsprov.verify/v1');
    assert.equal(v.hosts[0].verify.checks[0].verdict, 'fail');
  });

  it('facts: JSON on stdout (as --json prints it), JUnit one case per host', async () => {
    const junit = join(dir, 'facts.xml');
    const r = await tsprov(['facts', '-i', inv, '--report', 'json=-', '--report', `junit=${junit}`]);
    assert.equal(r.code, 0, r.err);
    const facts = JSON.parse(r.out);
    assert.equal(facts.schema, 'tsprov.facts/v1');
    assert.equal(facts.hosts.lab1.execCount, 1);
    assert.match(r.err, /lab1/, 'the text view went to stderr');
    const doc = parseJUnit(readFileSync(junit, 'utf8'));
    assert.deepEqual(doc.suites.map((s) => [s.attrs.name, s.cases.map((c) => [c.name, !!c.failure])]), [['lab1', [['facts', false]]]]);
  });
});
