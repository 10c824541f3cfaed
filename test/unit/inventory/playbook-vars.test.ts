/**
 * group_vars/ and host_vars/ beside the playbook (Ansible's play-adjacent vars): each level just
 * above the inventory's own vars files of the same level, read by every command that gets a
 * playbook, problems at their file:line:col, read once when the playbook sits in the inventory dir.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceProblem } from '../../../src/core/errors.ts';
import { ExitCode } from '../../../src/core/exit-codes.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { buildProgram } from '../../../src/cli/main.ts';
import { loadRun } from '../../../src/cli/run-setup.ts';
import { checkProject, collectInventory, loadInventory, resolveVars } from '../../../src/inventory/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

async function cli(...args: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), exitCode: ExitCode.ok };
  await buildProgram(ctx).parseAsync(args, { from: 'user' });
  return { code: ctx.exitCode, out, err };
}

describe('vars files beside the playbook', () => {
  let dir: string;
  let inv: string;
  let pbDir: string;
  let pb: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-pbv-'));
    inv = join(dir, 'inventory', 'hosts.yml');
    write(inv, 'all:\n  vars: {level: inv-all, only_inv: yes}\n  children:\n    web:\n      vars: {wlevel: inv-web}\n      hosts:\n        w1: {hlevel: inv-host, ansible_connection: local}\n        w2: {ansible_connection: local}\n');
    write(join(dir, 'inventory', 'group_vars', 'all.yml'), 'level: inv-gv-all\nall_only_inv_gv: 1\nwlevel: inv-gv-all\n');
    write(join(dir, 'inventory', 'group_vars', 'web.yml'), 'wlevel: inv-gv-web\nweb_inv: 1\nglevel: inv-gv-web\n');
    write(join(dir, 'inventory', 'host_vars', 'w1.yml'), 'hlevel: inv-hv\nhv_inv: 1\n');
    pbDir = join(dir, 'playbooks');
    pb = join(pbDir, 'site.yml');
    write(pb, '- hosts: all\n  tasks:\n    - copy: {dest: /tmp/tsprov-pbv.conf, content: "{{ level }}/{{ wlevel }}/{{ hlevel | default(\'none\') }}"}\n');
    write(join(pbDir, 'group_vars', 'all.yml'), 'level: pb-gv-all\n# a play all-file does not beat an inventory group file\nglevel: pb-gv-all\n');
    write(join(pbDir, 'group_vars', 'web', 'main.yml'), 'wlevel: pb-gv-web\n');
    write(join(pbDir, 'host_vars', 'w1'), 'hlevel: pb-hv\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('without the playbook dir only the inventory vars files count', () => {
    const v = resolveVars(loadInventory([inv]), 'w1').vars;
    assert.equal(v.level, 'inv-gv-all');
    assert.equal(v.wlevel, 'inv-gv-web');
    assert.equal(v.hlevel, 'inv-hv');
  });

  it('each playbook level beats the inventory one of the same level, and no higher one', () => {
    const inventory = loadInventory([inv], [], pbDir);
    const w1 = resolveVars(inventory, 'w1').vars;
    assert.equal(w1.level, 'pb-gv-all', 'playbook group_vars/all over inventory group_vars/all');
    assert.equal(w1.wlevel, 'pb-gv-web', 'playbook group_vars/web over inventory group_vars/web');
    assert.equal(w1.hlevel, 'pb-hv', 'playbook host_vars over inventory host_vars');
    assert.equal(w1.web_inv, 1, 'inventory vars the playbook does not set stay');
    const w2 = resolveVars(inventory, 'w2').vars;
    // group_vars/all of the playbook sits below every group's vars file (Ansible's all_plugins_play < groups_plugins_inventory).
    assert.equal(w2.glevel, 'inv-gv-web');
    assert.equal(w2.wlevel, 'pb-gv-web');
    assert.equal(w2.level, 'pb-gv-all');
    assert.equal(w2.hlevel, undefined);
    assert.equal(resolveVars(inventory, 'w1').origins.hlevel!.file, join(pbDir, 'host_vars', 'w1'));
  });

  it('run reads them: the planned content comes from the playbook host_vars', () => {
    const run = loadRun([inv], pb, undefined, [], []);
    const w1 = run.plays[0]!.scopes.find((s) => s.host.name === 'w1')!;
    assert.equal(w1.host.vars.hlevel, 'pb-hv');
    assert.equal(w1.host.vars.wlevel, 'pb-gv-web');
  });

  it('-e still beats playbook vars files', () => {
    const run = loadRun([inv], pb, undefined, [], [], {}, ['hlevel=cli']);
    assert.equal(run.plays[0]!.scopes.find((s) => s.host.name === 'w1')!.host.vars.hlevel, 'cli');
  });

  it('validate, --syntax-check, verify and inventory --playbook-dir read them; an error keeps its position', async () => {
    const bad = join(dir, 'bad');
    write(join(bad, 'site.yml'), '- hosts: all\n  tasks: []\n');
    write(join(bad, 'host_vars', 'w1.yml'), 'hv: 1\nansible_port: 70000\n');
    const checked = checkProject([inv], join(bad, 'site.yml'), MODULE_CATALOG);
    const p = checked.problems.find((x) => x.file === join(bad, 'host_vars', 'w1.yml'));
    assert.ok(p, JSON.stringify(checked.problems));
    assert.equal(p.line, 2);
    assert.equal(p.col, 15);
    assert.match(p.message, /65535/);

    const v = await cli('validate', '-i', inv, join(bad, 'site.yml'));
    assert.equal(v.code, ExitCode.usage);
    assert.match(v.err, /bad\/host_vars\/w1\.yml:2:15/);
    assert.equal((await cli('validate', '-i', inv, pb)).code, ExitCode.ok);

    const s = await cli('run', '--syntax-check', '-i', inv, join(bad, 'site.yml'));
    assert.equal(s.code, ExitCode.usage);
    assert.match(s.err, /w1\.yml:2:15/);

    // verify with a playbook loads the inventory with its vars files before connecting anywhere.
    const ver = await cli('verify', '-i', inv, join(bad, 'site.yml'));
    assert.equal(ver.code, ExitCode.usage);
    assert.match(ver.err, /w1\.yml:2:15/);

    const shown = await cli('inventory', '-i', inv, '--playbook-dir', pbDir, '--host', 'w1');
    assert.equal(shown.code, ExitCode.ok, shown.err);
    assert.match(shown.out, /hlevel: pb-hv/);
    assert.doesNotMatch((await cli('inventory', '-i', inv, '--host', 'w1')).out, /pb-hv/);
  });

  it('a connection value in a vars file is checked where it is written', () => {
    const bad = join(dir, 'badconn');
    write(join(bad, 'group_vars', 'all.yml'), 'x: 1\nansible_host: "-oProxyCommand=x"\n');
    write(join(bad, 'site.yml'), '- hosts: all\n  tasks: []\n');
    assert.throws(() => loadRun([inv], join(bad, 'site.yml'), undefined, [], []), (e: unknown) => e instanceof ConfigError && /-oProxyCommand/.test(e.message));
    const problems = checkProject([inv], join(bad, 'site.yml'), MODULE_CATALOG).problems;
    const p = problems.find((x) => x.file === join(bad, 'group_vars', 'all.yml'));
    assert.ok(p, JSON.stringify(problems));
    assert.equal(p.line, 2);
  });

  it('playbook dir = inventory dir: read once, counted at both places', () => {
    const same = join(dir, 'same');
    write(join(same, 'hosts.yml'), 'all:\n  hosts:\n    w1: {}\n');
    write(join(same, 'group_vars', 'all.yml'), 'v: same\n');
    write(join(same, 'group_vars', 'nobody.yml'), 'v: 1\n');
    const other = join(dir, 'other');
    write(join(other, 'hosts.yml'), 'all:\n  hosts:\n    w1: {}\n');
    write(join(other, 'group_vars', 'all.yml'), 'v: other\n');
    const problems: SourceProblem[] = [];
    const inventory = collectInventory([join(same, 'hosts.yml'), join(other, 'hosts.yml')], problems, [], same);
    assert.deepEqual(problems, []);
    assert.equal(inventory.playVars, inventory.varsBases[0], 'the same loaded vars, not a second read');
    assert.equal(inventory.sources.filter((s) => s.file === join(same, 'group_vars', 'all.yml')).length, 1);
    assert.equal(inventory.warnings.filter((w) => w.file === join(same, 'group_vars', 'nobody.yml')).length, 1, 'its warning once');
    // As in Ansible: the second -i's group_vars/all beats the first's, the playbook's (the first again) beats both.
    assert.equal(resolveVars(inventory, 'w1').vars.v, 'same');
    assert.equal(resolveVars(collectInventory([join(same, 'hosts.yml'), join(other, 'hosts.yml')], []), 'w1').vars.v, 'other');
  });

  it('a secret in a playbook vars file is masked in problems', () => {
    const sec = join(dir, 'sec');
    write(join(sec, 'host_vars', 'w1.yml'), 'db_password: hunter2-secret\nansible_user: "hunter2-secret x"\n');
    const checked = checkProject([inv], join(sec, 'site.yml'), MODULE_CATALOG);
    const text = JSON.stringify(checked.problems);
    assert.match(text, /host_vars\/w1\.yml/);
    assert.doesNotMatch(text, /hunter2-secret/);
  });
});
