import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsprov, type CliResult } from './support/fleet.ts';

// One inventory holding a sudo password, an SSH password and a secret_vars var, through every
// command that prints it and every report format; the control machine is the host (local
// connection, check mode: READ-ONLY). No secret may appear on stdout, stderr or in a report.
const SECRETS = ['Op3rat0r-Name', 'Ssh-Pa55-xyz', 'Sud0-Pa55-xyz', 'V4ult-Bl0b-xyz'];

describe('secrets never shown, end to end through the CLI (local connection, read-only)', () => {
  let dir: string;
  let inv: string;
  let book: string;
  const outputs: Array<[string, string]> = [];
  const keep = (what: string, r: CliResult): CliResult => {
    outputs.push([`${what} stdout`, r.out], [`${what} stderr`, r.err]);
    return r;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-secrets-'));
    inv = join(dir, 'inv.yml');
    writeFileSync(
      inv,
      [
        'all:',
        '  vars:',
        '    secret_vars: [vault_blob, ansible_user]',
        '  hosts:',
        '    controller:',
        '      connection: local',
        '      ansible_user: Op3rat0r-Name',
        '      ansible_ssh_pass: Ssh-Pa55-xyz',
        '      ansible_become_pass: Sud0-Pa55-xyz',
        '      vault_blob: V4ult-Bl0b-xyz',
        '',
      ].join('\n'),
    );
    book = join(dir, 'play.yml');
    const conf = join(dir, 'never-written', 'app.conf');
    const template = 'user={{ ansible_user }}\\nssh={{ ansible_ssh_pass }}\\nsudo={{ ansible_become_pass }}\\nblob={{ vault_blob }}\\n';
    writeFileSync(book, `- hosts: all\n  tasks:\n    - name: app config\n      template:\n        dest: ${conf}\n        template: "${template}"\n    - name: echo\n      command:\n        cmd: "echo {{ vault_blob }}"\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('inventory --list and --host', async () => {
    assert.equal(keep('--list', await tsprov(['inventory', '-i', inv, '--list'])).code, 0);
    assert.equal(keep('--host', await tsprov(['inventory', '-i', inv, '--host', 'controller'])).code, 0);
  });

  it('validate with an invalid value in a secret var', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, `${readFileSync(inv, 'utf8')}      become_password_env: Sud0-Pa55-xyz\n`);
    const r = keep('validate', await tsprov(['validate', '-i', bad]));
    assert.equal(r.err, `${bad}:11:28  all.hosts.controller.become_password_env  must be the name of an environment variable (letters, digits, _); got ********\n1 problem found\n`);
    assert.equal(r.code, 1);
  });

  it('check with text, JSON, Markdown and JUnit reports (to files and to stdout)', async () => {
    const json = join(dir, 'r.json');
    const md = join(dir, 'r.md');
    const r = keep('check', await tsprov(['check', book, '-i', inv, '--report-json', json, '--report-md', md]));
    assert.equal(r.code, 2, r.err);
    assert.match(r.out, /\+\*{8} \(content hidden: marked sensitive\)/);
    outputs.push(['json report', readFileSync(json, 'utf8')], ['markdown report', readFileSync(md, 'utf8')]);
    assert.equal(JSON.parse(readFileSync(json, 'utf8')).hosts[0].tasks[0].changes[0].after, '********');
    assert.equal(keep('check json -', await tsprov(['check', book, '-i', inv, '-o', 'quiet', '--report-json', '-'])).code, 2);
    assert.equal(keep('check md -', await tsprov(['check', book, '-i', inv, '-o', 'quiet', '--report-md', '-'])).code, 2);
    const junit = join(dir, 'r.xml');
    const both = keep('check junit', await tsprov(['check', book, '-i', inv, '--report', `junit=${junit}`, '--report', 'json=-']));
    assert.equal(both.code, 2);
    assert.equal(JSON.parse(both.out).schema, 'tsprov.report/v1', 'stdout is the JSON report alone');
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /\+\*{8} \(content hidden: marked sensitive\)/, 'the JUnit shows the masked diff');
    outputs.push(['junit report', xml]);
    assert.equal(existsSync(join(dir, 'never-written')), false, 'check mode wrote nothing');
  });

  it('none of the outputs above holds a secret', () => {
    assert.equal(outputs.length, 17);
    for (const [where, text] of outputs) for (const s of SECRETS) assert.ok(!text.includes(s), `${where} shows ${s}:\n${text}`);
  });
});
