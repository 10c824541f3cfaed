/**
 * -e on the commands beyond run/check/validate: inventory (--host, --list), render, facts,
 * verify, rollback. Each reads them as the top var layer, checked before anything connects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../../src/core/exit-codes.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { buildProgram } from '../../../src/cli/main.ts';

async function cli(...args: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), exitCode: ExitCode.ok };
  await buildProgram(ctx).parseAsync(args, { from: 'user' });
  return { code: ctx.exitCode, out, err };
}

describe('-e beyond run/check/validate', () => {
  let dir: string;
  let inv: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-ecmd-'));
    inv = join(dir, 'inv.yml');
    // 192.0.2.0/24 is TEST-NET: nothing here may ever connect; every case stops before connecting.
    writeFileSync(inv, 'all:\n  hosts:\n    h1:\n      ansible_host: 192.0.2.10\n      site: inv\n      backend: ifupdown\n      bonds:\n        - {name: bond0, mode: balance-rr, slaves: [eth0, eth1]}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('inventory --host and --list show the vars and connection a run with the same -e would use', async () => {
    const r = await cli('inventory', '-i', inv, '--host', 'h1', '-e', 'site=cli ansible_port=2222');
    assert.equal(r.code, ExitCode.ok, r.err);
    assert.match(r.out, /^connection: ssh 192\.0\.2\.10:2222$/m, 'ansible_port=2222 given as k=v is the port');
    assert.match(r.out, /^ {2}site: cli$/m);
    const list = await cli('inventory', '-i', inv, '--list', '-e', '{"site": "json"}');
    assert.equal(JSON.parse(list.out)._meta.hostvars.h1.site, 'json');
    assert.equal(JSON.parse((await cli('inventory', '-i', inv, '--list')).out)._meta.hostvars.h1.site, 'inv', 'without -e: the inventory');
  });

  it('render: -e bonds replace the inventory bonds in the files written', async () => {
    const out = join(dir, 'out');
    const r = await cli('render', '-i', inv, '--host', 'h1', '--out', out, '-e', '{"bonds": [{"name": "bond0", "mode": "active-backup", "slaves": ["eth0", "eth1"]}]}');
    assert.equal(r.code, ExitCode.ok, r.err);
    const written = readFileSync(join(out, 'etc/network/interfaces'), 'utf8');
    assert.match(written, /bond-mode active-backup/);
    assert.doesNotMatch(written, /balance-rr/);
  });

  for (const cmd of [['facts'], ['verify'], ['rollback', '--limit', 'h1']]) {
    it(`${cmd[0]}: -e vars are checked at their position before any host is reached`, async () => {
      const r = await cli(...cmd, '-i', inv, '-e', 'ansible_port=99999');
      assert.equal(r.code, ExitCode.usage, r.out + r.err);
      assert.match(r.err, /^-e #1:1:14 {2}ansible_port {2}must be <= 65535; got 99999$/m);
    });
  }

  it('a -e word with no var name is refused without echoing its value', async () => {
    const r = await cli('inventory', '-i', inv, '--host', 'h1', '-e', '=Hunter2-pw');
    assert.equal(r.code, ExitCode.usage);
    assert.equal(r.err, 'error: -e #1: a k=v word needs a var name before "=" (write NAME=VALUE; the value is not shown, it may be a secret)\n');
  });
});
