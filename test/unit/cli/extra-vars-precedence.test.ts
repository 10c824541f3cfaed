/** -e through the run setup into planning: above host vars and play vars; later -e beat earlier. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRun } from '../../../src/cli/run-setup.ts';
import { planHost } from '../../../src/engine/plan-host.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';

const extra = { files: {}, packages: {}, kernelModules: {}, paths: {} };

describe('-e precedence', () => {
  let dir: string;
  let inv: string;
  let pb: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-evp-'));
    inv = join(dir, 'inv.yml');
    pb = join(dir, 'site.yml');
    writeFileSync(inv, 'all:\n  vars: {msg: group, other: group}\n  hosts:\n    h1: {msg: host, ansible_connection: local}\n');
    writeFileSync(pb, '- hosts: all\n  vars: {other: play}\n  tasks:\n    - copy: {dest: /tmp/tsprov-evp.conf, content: "{{ msg }}/{{ other }}"}\n');
    writeFileSync(join(dir, 'vars.yml'), 'msg: file\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The content the copy task would write to h1, after templating. */
  const content = (...e: string[]): unknown => {
    const run = loadRun([inv], pb, undefined, [], [], {}, e);
    const scope = run.plays[0]!.scopes[0]!;
    return planHost(scope, defaultFacts(), extra, true).args[0]!.args.content;
  };

  it('without -e: host var over group var, play var over both', () => assert.equal(content(), 'host/play'));
  it('-e beats a host var', () => assert.equal(content('msg=cli'), 'cli/play'));
  it('-e beats a play var', () => assert.equal(content('other=cli'), 'host/cli'));
  it('a later -e beats an earlier one, whatever its form', () => {
    assert.equal(content('msg=first', 'msg: second'), 'second/play');
    assert.equal(content('msg=first', `@${join(dir, 'vars.yml')}`), 'file/play');
    assert.equal(content(`@${join(dir, 'vars.yml')}`, '{"msg": "json"}'), 'json/play');
  });
  it('connection vars from -e beat the inventory, as in Ansible', () => {
    const run = loadRun([inv], pb, undefined, [], [], {}, ['{"ansible_connection": "ssh", "ansible_host": "127.0.0.1", "ansible_port": 2222}']);
    const c = run.plays[0]!.scopes[0]!.host.connection;
    assert.deepEqual([c.type, c.address, c.port], ['ssh', '127.0.0.1', 2222]);
  });
  it('a secret-named -e var makes the file that carries it sensitive: no diff or report shows it', () => {
    const secret = loadRun([inv], pb, undefined, [], [], {}, ['{"msg": "{{ db_password }}", "db_password": "Zq9-hidden"}']);
    const p = planHost(secret.plays[0]!.scopes[0]!, defaultFacts(), extra, true);
    assert.equal(p.changes[0]!.kind === 'file' && p.changes[0]!.sensitive, true);
  });
});
