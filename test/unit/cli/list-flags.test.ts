/**
 * run/check --list-hosts, --list-tasks, --list-tags, --syntax-check and -e through the real CLI:
 * ansible-playbook's output, exit codes, and proof that none of them reaches a host (a listener
 * on the hosts' loopback port counts every connection attempt).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tsprov(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['bin/tsprov.js', ...args], { encoding: 'utf8', timeout: 30_000 }, (e, out, err) => done({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err }));
  });
}

const PLAYBOOK = [
  '- name: bonding',
  '  hosts: all',
  '  vars: {msg: from-play}',
  '  tasks:',
  '    - name: app config',
  '      copy: {dest: /tmp/tsprov-list.conf, content: "{{ msg }}"}',
  '      tags: [cfg, app]',
  '    - command: ["true"]',
  '      tags: net',
  '- hosts: [web, h2]',
  '  tasks:',
  '    - name: second',
  '      copy: {dest: /tmp/tsprov-list2.conf, content: x}',
  '',
].join('\n');

describe('run/check listing flags and -e: ansible-playbook output, nothing connects', () => {
  let dir: string;
  let server: Server;
  let connections = 0;
  let pb: string;
  let inv: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-list-'));
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    inv = join(dir, 'inv.yml');
    pb = join(dir, 'site.yml');
    const h = `{ansible_host: 127.0.0.1, ansible_port: ${port}}`;
    writeFileSync(inv, `all:\n  hosts:\n    h1: ${h}\n    h2: ${h}\n  children:\n    web:\n      hosts:\n        h1:\n`);
    writeFileSync(pb, PLAYBOOK);
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(connections, 0, 'a listing flag connected to a host');
  });

  it('--shard I/N: the shards of --list-hosts are disjoint and cover the play; inventory --list takes it too; a bad spec is exit 1 naming the form', async () => {
    const hostsOf = (out: string): string[] => [...out.matchAll(/^ {6}(h\d)$/gm)].map((m) => m[1]!);
    const one = await tsprov('check', pb, '-i', inv, '--list-hosts', '--shard', '1/2');
    const two = await tsprov('check', pb, '-i', inv, '--list-hosts', '--shard', '2/2');
    assert.equal(one.code, 0, one.err);
    const a = new Set(hostsOf(one.out)), b = new Set(hostsOf(two.out));
    assert.deepEqual([...new Set([...a, ...b])].sort(), ['h1', 'h2'], 'together they cover every host');
    assert.ok([...a].every((h) => !b.has(h)), `disjoint: ${[...a]} / ${[...b]}`);
    const listed = await tsprov('inventory', '-i', inv, '--list', '--shard', '1/2');
    assert.deepEqual(Object.keys(JSON.parse(listed.out)._meta.hostvars).sort(), [...a].sort());
    const bad = await tsprov('check', pb, '-i', inv, '--shard', '3/2');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--shard expects I\/N with 1 <= I <= N/);
  });

  it('--list-hosts --list-tasks --list-tags: every play, its hosts and tasks, exit 0', async () => {
    const r = await tsprov('run', pb, '-i', inv, '--list-hosts', '--list-tasks', '--list-tags');
    assert.equal(r.err, '');
    assert.equal(
      r.out,
      [
        '',
        `playbook: ${pb}`,
        '',
        '  play #1 (all): bonding\tTAGS: []',
        "    pattern: ['all']",
        '    hosts (2):',
        '      h1',
        '      h2',
        '    tasks:',
        '      app config\tTAGS: [app, cfg]',
        '      command\tTAGS: [net]',
        '      TASK TAGS: [app, cfg, net]',
        '',
        '',
        '  play #2 (web,h2): web,h2\tTAGS: []',
        "    pattern: ['web', 'h2']",
        '    hosts (2):',
        '      h1',
        '      h2',
        '    tasks:',
        '      second\tTAGS: []',
        '      TASK TAGS: []',
        '',
        '',
      ].join('\n'),
    );
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.out, /unreachable|RECAP/);
  });

  it('--list-hosts honours --limit; --list-tasks honours --tags (check shares them)', async () => {
    const r = await tsprov('check', pb, '-i', inv, '--list-hosts', '-l', 'h2');
    assert.equal(r.out, `\nplaybook: ${pb}\n\n  play #1 (all): bonding\tTAGS: []\n    pattern: ['all']\n    hosts (1):\n      h2\n\n  play #2 (web,h2): web,h2\tTAGS: []\n    pattern: ['web', 'h2']\n    hosts (1):\n      h2\n`);
    assert.equal(r.code, 0);
    const t = await tsprov('run', pb, '-i', inv, '--list-tasks', '-t', 'cfg');
    assert.equal(t.out, `\nplaybook: ${pb}\n\n  play #1 (all): bonding\tTAGS: []\n    tasks:\n      app config\tTAGS: [app, cfg]\n\n\n  play #2 (web,h2): web,h2\tTAGS: []\n    tasks:\n\n`);
    const g = await tsprov('run', pb, '-i', inv, '--list-tags', '--skip-tags', 'net');
    assert.match(g.out, /^ {6}TASK TAGS: \[app, cfg\]$/m);
  });

  it('--syntax-check: "playbook: FILE" and exit 0; problems (all files at once) and exit 1', async () => {
    const ok = await tsprov('run', pb, '-i', inv, '--syntax-check');
    assert.deepEqual(ok, { code: 0, out: `\nplaybook: ${pb}\n`, err: '' });
    const badPb = join(dir, 'bad.yml');
    writeFileSync(badPb, '- hosts: all\n  tasks:\n    - bondd: {}\n');
    const badInv = join(dir, 'bad-inv.yml');
    writeFileSync(badInv, 'all:\n  hosts:\n    h1: {ansible_port: 0}\n');
    const r = await tsprov('check', badPb, '-i', badInv, '--syntax-check');
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `${badInv}:3:24  all.hosts.h1.ansible_port  must be >= 1; got 0\n` +
        `${badPb}:3:7  [0].tasks[0].bondd  unknown module "bondd" (did you mean "bond"?); known modules: bond, bond_reload, command, copy, kernel_module, package, shell, template\n` +
        '2 problems found\n',
    );
    assert.equal(r.code, 1);
  });

  it('-e is checked too: a bad word is a usage error naming it, exit 1, nothing listed', async () => {
    const r = await tsprov('run', pb, '-i', inv, '--list-hosts', '-e', 'site=fra1 oops');
    assert.deepEqual(r, { code: 1, out: '', err: 'error: -e "oops": not a k=v word (give k=v words, a YAML or JSON mapping, or @FILE)\n' });
    const s = await tsprov('run', pb, '-i', inv, '--syntax-check', '-e', '{"bonds": 3}');
    assert.deepEqual(s, { code: 1, out: '', err: '-e #1:1:11  bonds  must be a list; got 3\n1 problem found\n' });
  });

  it('a secret given with -e is never printed, even quoted by a problem about another var', async () => {
    const r = await tsprov('run', pb, '-i', inv, '--syntax-check', '-e', 'vault_password=Zq9-hidden', '-e', '{"backend": "Zq9-hidden"}');
    assert.equal(r.code, 1);
    assert.ok(!r.out.includes('Zq9-hidden') && !r.err.includes('Zq9-hidden'), r.err);
    assert.match(r.err, /^-e #2:1:13 {2}backend {2}.*got "\*{8}"$/m);
  });

  it('validate takes -e too, with the same checks', async () => {
    assert.deepEqual(await tsprov('validate', '-i', inv, pb, '-e', 'site=fra1'), { code: 0, out: 'ok: 2 hosts, 2 groups, 2 plays, 3 tasks\n', err: '' });
    const r = await tsprov('validate', '-i', inv, '-e', 'x=1 backend=nope');
    assert.deepEqual(r, { code: 1, out: '', err: '-e #1:1:13  backend  must be one of ifupdown, ifupdown-legacy, netplan, networkd, nm, ifcfg; got "nope"\n1 problem found\n' });
  });

  it('-e @file: a missing file is a positioned problem naming it', async () => {
    const r = await tsprov('run', pb, '-i', inv, '--list-tasks', '-e', `@${join(dir, 'nope.yml')}`);
    assert.deepEqual(r, { code: 1, out: '', err: `${join(dir, 'nope.yml')}:1:1  (root)  cannot read file: ENOENT\n1 problem found\n` });
  });
});
