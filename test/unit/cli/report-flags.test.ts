/** `--report FORMAT=PATH`: parsed and refused before any host is reached; files written whole. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReports, writeReports } from '../../../src/cli/report-flags.ts';

const RUN = ['json', 'markdown', 'junit'] as const;

test('parseReports: specs and aliases in order; unknown, foreign and malformed formats name what is accepted', () => {
  assert.deepEqual(parseReports('check', RUN, ['junit=out/r.xml', 'markdown=-'], [{ format: 'json', path: 'r.json' }]), [
    { format: 'json', path: 'r.json' },
    { format: 'junit', path: 'out/r.xml' },
    { format: 'markdown', path: '-' },
  ]);
  assert.throws(() => parseReports('check', RUN, ['xml=r.xml']), /unknown report format "xml"; check accepts json, markdown, junit/);
  assert.throws(() => parseReports('check', RUN, ['prometheus=r.prom']), /check writes no prometheus report; check accepts json, markdown, junit/);
  assert.throws(() => parseReports('facts', ['json', 'junit'], ['json']), /FORMAT=PATH with FORMAT one of json, junit.*got "json"/);
  assert.throws(() => parseReports('check', RUN, ['junit=-'], [{ format: 'json', path: '-' }]), /only one report can go to stdout/);
});

test('writeReports: files renamed into place (no temp file left), the stdout one returned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-report-flags-'));
  writeFileSync(join(dir, 'r.xml'), 'old');
  const out = writeReports([{ format: 'junit', path: join(dir, 'r.xml') }, { format: 'json', path: '-' }, { format: 'markdown', path: join(dir, 'new', 'r.md') }], (f) => `${f} text`);
  assert.equal(out, 'json text\n');
  assert.equal(readFileSync(join(dir, 'r.xml'), 'utf8'), 'junit text\n');
  assert.equal(readFileSync(join(dir, 'new', 'r.md'), 'utf8'), 'markdown text\n');
  assert.deepEqual(readdirSync(dir).sort(), ['new', 'r.xml']);
});

test('CLI: a bad --report is a usage error before any connection (-vvv traces no connection)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-report-cli-'));
  // A host nobody listens for: reaching it at all would show in the -vvv trace.
  const inv = join(dir, 'inv.yml');
  writeFileSync(inv, 'all:\n  hosts:\n    h1:\n      address: 127.0.0.1\n      port: 1\n');
  for (const [args, message] of [
    [['check', 'playbooks/bonding.yml', '--report', 'yaml=r.yml'], 'error: --report: unknown report format "yaml"; check accepts json, markdown, junit'],
    [['run', 'playbooks/bonding.yml', '--report', 'junit=-', '--report-md', '-'], 'error: --report: only one report can go to stdout (PATH -)'],
    [['verify', '--report', 'markdown=r.md'], 'error: --report: verify writes no markdown report; verify accepts json, junit'],
    [['facts', '--report', 'junit'], 'error: --report expects FORMAT=PATH with FORMAT one of json, junit (e.g. --report json=-); got "junit"'],
  ] as const) {
    const r = spawnSync(process.execPath, ['bin/tsprov.js', ...args, '-i', inv, '-vvv'], { encoding: 'utf8', timeout: 30_000, cwd: process.cwd() });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.endsWith(`\n${message}\n`), `${args.join(' ')}:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, / CONNECTION | EXEC/, 'no host was reached');
    assert.equal(r.stdout, '');
  }
});
