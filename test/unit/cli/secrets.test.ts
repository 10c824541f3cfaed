/**
 * Secrets are never shown: a sudo password, an SSH password and a `secret_vars` var through
 * inventory --list / --host, validate, and the text, JSON and Markdown reports.
 */
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHost } from '../../../src/engine/host-run.ts';
import { DEFAULT_RUN_OPTIONS } from '../../../src/engine/types.ts';
import { jsonReport } from '../../../src/report/json.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { hostText } from '../../../src/report/text.ts';
import { TransportError } from '../../../src/transport/types.ts';
import { host, play } from '../engine/fixtures.ts';

function tsprov(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/tsprov.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export const SECRETS = ['Op3rat0r-Name', 'Ssh-Pa55-xyz', 'Sud0-Pa55-xyz', 'Bec0me-Pa55-xyz', 'V4ult-Bl0b-xyz', 'J0mp-S3cret'];
const INV = `all:
  vars:
    secret_vars: [vault_blob, ansible_user]
  hosts:
    web1:
      ansible_host: 198.51.100.7
      ansible_user: Op3rat0r-Name
      ansible_become: true
      ansible_ssh_pass: Ssh-Pa55-xyz
      ansible_sudo_pass: Sud0-Pa55-xyz
      ansible_become_pass: Bec0me-Pa55-xyz
      vault_blob: V4ult-Bl0b-xyz
`;

const noSecret = (where: string, text: string): void => {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} shows ${s}:\n${text}`);
};

describe('secrets never shown by the CLI', () => {
  let dir: string;
  let inv: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-secrets-'));
    inv = join(dir, 'inv.yml');
    writeFileSync(inv, INV);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('inventory --list masks the SSH and sudo passwords and every secret_vars var', () => {
    const r = tsprov('inventory', '-i', inv, '--list');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.deepEqual(JSON.parse(r.out)._meta.hostvars.web1, {
      secret_vars: ['vault_blob', 'ansible_user'],
      ansible_host: '198.51.100.7',
      ansible_user: '********',
      ansible_become: true,
      ansible_ssh_pass: '********',
      ansible_sudo_pass: '********',
      ansible_become_pass: '********',
      vault_blob: '********',
    });
    noSecret('--list', r.out);
  });

  it('inventory --host masks the vars and the connection line alike (a secret_vars user too)', () => {
    const r = tsprov('inventory', '-i', inv, '--host', 'web1');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const lines = r.out.split('\n');
    assert.equal(lines[2], 'connection: ssh ********@198.51.100.7, become');
    assert.ok(lines.includes('  ansible_sudo_pass: "********"'), r.out);
    noSecret('--host', r.out);
  });

  it('validate: an invalid value of a secret var is reported without the value', () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, `${INV.replace('[vault_blob, ansible_user]', '[vault_blob, ansible_user, jump_host]')}      jump_host: "J0mp-S3cret with spaces"\n      become_password_env: Sud0-Pa55-xyz\n`);
    const r = tsprov('validate', '-i', bad);
    assert.equal(
      r.err,
      [
        `${bad}:13:18  all.hosts.web1.jump_host  jump host must look like [user@]host[:port]; got ********`,
        `${bad}:14:28  all.hosts.web1.become_password_env  must be the name of an environment variable (letters, digits, _); got ********`,
        '2 problems found',
        '',
      ].join('\n'),
    );
    assert.equal(r.out, '');
    assert.equal(r.code, 1);
    noSecret('validate', r.err);
  });

  it('a YAML error inside a secret value shows the path, not the value', () => {
    const bad = join(dir, 'yaml.yml');
    writeFileSync(bad, 'all:\n  hosts:\n    web1:\n      ansible_ssh_pass: Ssh-Pa55-xyz: more\n');
    const r = tsprov('inventory', '-i', bad, '--host', 'web1');
    assert.equal(r.err, `${bad}:4:25  all.hosts.web1.ansible_ssh_pass.********  invalid YAML: Nested mappings are not allowed in compact mappings\n1 problem found\n`);
    assert.equal(r.code, 1);
  });
});

describe('secrets never shown by the reporters', () => {
  it('an error quoting a password reaches text, JSON and Markdown reports masked', async () => {
    const vars = { ansible_user: 'Op3rat0r-Name', ansible_ssh_pass: 'Ssh-Pa55-xyz', ansible_sudo_pass: 'Sud0-Pa55-xyz', vault_blob: 'V4ult-Bl0b-xyz', secret_vars: ['vault_blob', 'ansible_user'] };
    const scope = { play: play([]), host: host(vars), bonds: [], backend: undefined, tags: [], skipTags: [] };
    const connect = async (): Promise<never> => {
      throw new TransportError('auth', 'Op3rat0r-Name@web1: password Ssh-Pa55-xyz refused; sudo Sud0-Pa55-xyz; token V4ult-Bl0b-xyz');
    };
    const r = await runHost(scope, { ...DEFAULT_RUN_OPTIONS, runId: 't' }, connect);
    assert.equal(r.status, 'unreachable');
    assert.equal(r.message, '********@web1: password ******** refused; sudo ********; token ********');
    const meta = { runId: 't', command: 'run', check: false, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, exitCode: 4 };
    noSecret('text', hostText(r, { diff: true, colour: false, check: false }));
    noSecret('json', JSON.stringify(jsonReport(meta, [r])));
    noSecret('markdown', markdownReport('t', [r], false));
    assert.equal(scope.host.vars.ansible_ssh_pass, 'Ssh-Pa55-xyz', 'the vars themselves are untouched');
  });
});

test("a host's own secret_vars adds to its group's list, never replaces it", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-secrets-'));
  const inv = join(dir, 'inv.yml');
  writeFileSync(inv, 'all:\n  vars:\n    secret_vars: [vault_blob]\n  hosts:\n    web1:\n      secret_vars: [other]\n      vault_blob: V4ult-Bl0b-xyz\n      other: Oth3r-xyz\n');
  const r = tsprov('inventory', '-i', inv, '--list');
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out)._meta.hostvars.web1, { secret_vars: ['vault_blob', 'other'], vault_blob: '********', other: '********' });
});
