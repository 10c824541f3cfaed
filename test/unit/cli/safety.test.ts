/**
 * Hostile and broken input through the real CLI: every case ends in one positioned message and
 * exit 1, never a stack trace, a hang, or a write outside --out.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFacts } from '../../../src/facts/defaults.ts';

/** Runs the real CLI entry point; the timeout turns a hang (a FIFO read) into a failure. */
function tsprov(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/tsprov.js', ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const INV = 'all:\n  hosts:\n    h1:\n      backend: ifupdown\n      bonds:\n        - {name: bond0, mode: balance-rr, slaves: [eth0, eth1], miimon: 100}\n';
const ASSUMED = 'facts: none given, assuming a fresh Debian bookworm (max_bonds=0, no ifenslave command, no modutils)\n';
const BOMB = [
  'all:',
  '  vars:',
  '    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  '    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  '    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  '    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  '    e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  '',
].join('\n');

describe('hostile input: positioned errors, exit 1', () => {
  let dir: string;
  let inv: string;
  const p = (name: string): string => join(dir, name);
  const facts = (name: string, f: unknown): string => {
    writeFileSync(p(name), JSON.stringify({ hosts: { h1: { facts: f } } }));
    return p(name);
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-safety-'));
    inv = p('inv.yml');
    writeFileSync(inv, INV);
    spawnSync('mkfifo', [p('fifo')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an alias bomb (billion laughs) is stopped at the alias that multiplies', () => {
    writeFileSync(p('bomb.yml'), BOMB);
    const r = tsprov('validate', '-i', p('bomb.yml'));
    assert.equal(r.err, `${p('bomb.yml')}:5:12  all.vars.c[0]  invalid YAML: aliases expand past the limit of 100 (an alias bomb?)\n1 problem found\n`);
    assert.equal(r.code, 1);
  });

  it('an alias bomb in a playbook is stopped the same way', () => {
    writeFileSync(p('bomb-play.yml'), `- hosts: all\n  vars:\n${BOMB.split('\n').slice(2).map((l) => l.slice(2)).join('\n').replace(/^/gm, '    ')}\n  tasks: []\n`);
    const r = tsprov('validate', '-i', inv, p('bomb-play.yml'));
    assert.equal(r.err, `${p('bomb-play.yml')}:5:14  [0].vars.c[0]  invalid YAML: aliases expand past the limit of 100 (an alias bomb?)\n1 problem found\n`);
    assert.equal(r.code, 1);
  });

  it('an alias with no anchor names the alias and its place (inventory --list)', () => {
    writeFileSync(p('alias.yml'), 'all:\n  hosts:\n    web1:\n      bonds: *nope\n');
    const r = tsprov('inventory', '-i', p('alias.yml'), '--list');
    assert.equal(r.err, `${p('alias.yml')}:4:14  all.hosts.web1.bonds  invalid YAML: alias *nope has no anchor &nope before it\n1 problem found\n`);
    assert.equal(r.out, '');
    assert.equal(r.code, 1);
  });

  it('a FIFO as -i is refused by its type, without waiting for a writer', () => {
    const r = tsprov('validate', '-i', p('fifo'));
    assert.equal(r.err, `${p('fifo')}:1:1  (root)  cannot read file: it is a FIFO (named pipe), not a regular file\n1 problem found\n`);
    assert.equal(r.code, 1);
  });

  it('a character device as -i is refused by its type', () => {
    const r = tsprov('inventory', '-i', '/dev/zero', '--list');
    assert.equal(r.err, '/dev/zero:1:1  (root)  cannot read file: it is a character device, not a regular file\n1 problem found\n');
    assert.equal(r.code, 1);
  });

  it('a directory as -i is an inventory directory: each file in it is checked, a FIFO refused without waiting', () => {
    const r = tsprov('validate', '-i', dir);
    assert.ok(!r.err.includes(`${dir}:1:1`), r.err);
    assert.ok(r.err.includes(`${p('fifo')}:1:1  (root)  cannot read file: it is a FIFO (named pipe), not a regular file\n`), r.err);
    assert.match(r.err, /alias\.yml:4:14 {2}all\.hosts\.web1\.bonds {2}invalid YAML: alias \*nope has no anchor/);
    assert.equal(r.code, 1);
  });

  it('a path with a newline is printed JSON-quoted, on one line', () => {
    const r = tsprov('validate', '-i', p('new\nline.yml'));
    assert.equal(r.err, `${JSON.stringify(p('new\nline.yml'))}:1:1  (root)  cannot read file: ENOENT\n1 problem found\n`);
    assert.equal(r.code, 1);
  });

  it('a path with an escape byte is printed with the byte escaped, never raw', () => {
    const name = p('esc\u001b[31m.yml');
    writeFileSync(name, 'all: [\n');
    const r = tsprov('validate', '-i', name);
    assert.equal(r.err, `${JSON.stringify(name)}:2:1  all  invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n1 problem found\n`);
    assert.ok(!r.err.includes('\u001b'));
    assert.equal(r.code, 1);
  });

  it('render --facts: truncated JSON is positioned at its end', () => {
    writeFileSync(p('partial.json'), '{"hosts": {"h1": ');
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--facts', p('partial.json'), '--out', p('o'));
    assert.equal(r.err, `error: ${p('partial.json')}:1:18: invalid JSON: Unexpected end of JSON input\n`);
    assert.equal(r.code, 1);
  });

  it('render --facts: invalid JSON is positioned where the parser stopped', () => {
    writeFileSync(p('bad.json'), '{\n  "hosts" 1}');
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--facts', p('bad.json'), '--out', p('o'));
    assert.equal(r.err, `error: ${p('bad.json')}:2:11: invalid JSON: Expected ':' after property name\n`);
    assert.equal(r.code, 1);
  });

  it('render --facts: JSON of another shape says what was expected', () => {
    writeFileSync(p('array.json'), '[1, 2]\n');
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--facts', p('array.json'), '--out', p('o'));
    assert.equal(r.err, `error: ${p('array.json')} holds no facts for h1 (expected the output of tsprov facts --json)\n`);
    assert.equal(r.code, 1);
  });

  it('render --facts: a partial facts entry names the first wrong field', () => {
    const f = facts('shape.json', { ...defaultFacts(), files: 5 });
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--facts', f, '--out', p('o'));
    assert.equal(r.err, `error: ${f}: facts.files must be a mapping of paths to text or null; got 5 (expected the output of tsprov facts --json)\n`);
    assert.equal(r.code, 1);
  });

  it('render --facts: a FIFO is refused by its type', () => {
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--facts', p('fifo'), '--out', p('o'));
    assert.equal(r.err, `error: ${p('fifo')}: cannot read file: it is a FIFO (named pipe), not a regular file\n`);
    assert.equal(r.code, 1);
  });

  it('render --out naming an existing regular file is refused before anything is written', () => {
    writeFileSync(p('outfile'), 'keep\n');
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--out', p('outfile'));
    assert.equal(r.err, `error: --out ${p('outfile')} is a regular file, not a directory\n`);
    assert.equal(r.code, 1);
  });

  it('a template task whose src is missing is an error at the task', () => {
    writeFileSync(p('tpl.yml'), '- hosts: all\n  tasks:\n    - name: motd\n      template:\n        src: templates/missing.j2\n        dest: /etc/motd\n');
    const r = tsprov('check', p('tpl.yml'), '-i', inv);
    assert.equal(r.err, `${p('tpl.yml')}:3:7  [0].tasks[0].template.src  template src ${p('templates/missing.j2')}: cannot read file: ENOENT\n1 problem found\n`);
    assert.equal(r.out, '');
    assert.equal(r.code, 1);
  });

  it('a template src that is a FIFO is refused, not read', () => {
    writeFileSync(p('tpl-fifo.yml'), '- hosts: all\n  tasks:\n    - template: {src: fifo, dest: /etc/motd}\n');
    const r = tsprov('check', p('tpl-fifo.yml'), '-i', inv);
    assert.equal(r.err, `${p('tpl-fifo.yml')}:3:7  [0].tasks[0].template.src  template src ${p('fifo')}: cannot read file: it is a FIFO (named pipe), not a regular file\n1 problem found\n`);
    assert.equal(r.code, 1);
  });
});

describe('render writes only inside --out', () => {
  let dir: string;
  let inv: string;
  const p = (name: string): string => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-confine-'));
    inv = p('inv.yml');
    writeFileSync(inv, INV);
    mkdirSync(p('outside'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a facts file whose file list leads out with ".." is refused, nothing written', () => {
    const sneaky = `/etc/network/interfaces.d/${'../'.repeat(12)}${dir.slice(1)}/outside/pwned`;
    const f = { ...defaultFacts(), files: { '/etc/network/interfaces': 'source /etc/network/interfaces.d/*\n', [sneaky]: 'auto bond0\niface bond0 inet manual\n    bond-slaves eth0 eth1\n\nauto eth9\niface eth9 inet dhcp\n' } };
    writeFileSync(p('dotdot.json'), JSON.stringify({ hosts: { h1: { facts: f } } }));
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--facts', p('dotdot.json'), '--out', p('o1'));
    assert.equal(r.err, `error: refusing to write ${sneaky}: the path would leave --out (it holds "..")\n`);
    assert.equal(r.code, 1);
    assert.deepEqual(readdirSync(p('outside')), []);
    assert.equal(existsSync(p('o1')), false, 'refused before --out is even created');
  });

  it('a symlinked directory inside --out pointing outside is refused', () => {
    mkdirSync(p('o2'));
    symlinkSync(p('outside'), p('o2/etc'));
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--out', p('o2'));
    assert.equal(r.err, `error: refusing to write /etc/network/interfaces: ${p('o2/etc')} is a symlink to outside --out\n`);
    assert.equal(r.code, 1);
    assert.deepEqual(readdirSync(p('outside')), []);
  });

  it('a symlink at the target file itself is never written through', () => {
    mkdirSync(p('o3/etc/network'), { recursive: true });
    symlinkSync(p('outside/victim'), p('o3/etc/network/interfaces'));
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--out', p('o3'));
    assert.equal(r.err, `error: refusing to write /etc/network/interfaces: ${p('o3/etc/network/interfaces')} is a symlink\n`);
    assert.equal(r.code, 1);
    assert.equal(existsSync(p('outside/victim')), false);
  });

  it('a FIFO at the target is refused by its type, without blocking', () => {
    mkdirSync(p('o4/etc/network'), { recursive: true });
    spawnSync('mkfifo', [p('o4/etc/network/interfaces')]);
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--out', p('o4'));
    assert.equal(r.err, `error: refusing to write /etc/network/interfaces: ${p('o4/etc/network/interfaces')} is a FIFO (named pipe)\n`);
    assert.equal(r.code, 1);
  });

  it('a symlink that stays inside --out is followed; the out path in messages is quoted when odd', () => {
    const out = p('o5\nodd');
    mkdirSync(join(out, 'etc/network-real'), { recursive: true });
    symlinkSync('network-real', join(out, 'etc/network'));
    const r = tsprov('render', '-i', inv, '--host', 'h1', '--out', out);
    assert.equal(r.err, '');
    assert.equal(r.out, `${ASSUMED}wrote ${JSON.stringify(join(out, '/etc/network/interfaces'))}  (new file: lo and stanzas for bond0)\n`);
    assert.equal(r.code, 0);
    assert.ok(existsSync(join(out, 'etc/network-real/interfaces')));
  });
});
