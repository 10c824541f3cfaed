/**
 * Hostile input is refused by `tsprov validate`, before any host sees it: each case writes one
 * bad value into a fixed inventory or playbook line and expects exactly one problem, printed as
 * `file:line:col  path  message`. The positions are written out by hand: they are part of the
 * contract (an editor jumps there).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../../src/core/errors.ts';
import { checkProject } from '../../../src/inventory/validate.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

const INVENTORY = 'all:\n  hosts:\n    web1:\n';

/** Runs `tsprov validate`'s checks on the two texts; problems with paths relative to the temp dir. */
function validate(inventory: string, playbook?: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-hostile-'));
  try {
    writeFileSync(join(dir, 'inventory.yml'), inventory);
    if (playbook !== undefined) writeFileSync(join(dir, 'playbook.yml'), playbook);
    const { problems } = checkProject([join(dir, 'inventory.yml')], playbook === undefined ? undefined : join(dir, 'playbook.yml'), MODULE_CATALOG);
    return problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A YAML double-quoted scalar: JSON's escapes (\n, \u001b) are YAML's too.
const q = (v: string): string => JSON.stringify(v);

const IFNAME = (got: string) => `must not start with "-": ifup, ifdown or ip would read it as an option; got ${q(got)}`;
const IFNAME_CHARS = (got: string) => `must be a valid Linux interface name (1–15 characters of A-Z a-z 0-9 _ . : -, not "." or ".."); got ${q(got)}`;
const PKG = (got: string) => `must not start with "-": apt-get, dnf, dpkg-query or rpm would read it as an option; got ${q(got)}`;
const PKG_CHARS = (got: string) => `must be a package name (a letter or digit, then A-Z a-z 0-9 + . _ : ~ -); got ${q(got)}`;
const ACCOUNT = (got: string) => `must not start with "-": chown would read it as an option; got ${q(got)}`;
const ACCOUNT_CHARS = (got: string) => `must be a user or group name (a letter or _, then A-Z a-z 0-9 _ . -, optionally ending in $) or a numeric id; got ${q(got)}`;
const KMOD = (got: string) => `must not start with "-": modprobe would read it as an option; got ${q(got)}`;
const KMOD_CHARS = (got: string) => `must be a kernel module name (A-Z a-z 0-9 _ -); got ${q(got)}`;
const PARAM = (word: string) => `parameter ${q(word)} must not start with "-": modprobe would read it as an option`;
const PARAM_FORM = (word: string) => `parameter ${q(word)} must be name or name=value (name: A-Z a-z 0-9 _ . -)`;
const CONTROL = (got: string) => `must not contain control characters (newline, escape, NUL…); got ${q(got)}`;
const ABS = (got: string) => `must be an absolute path (starting with /); got ${q(got)}`;
const DIR = (got: string) => `must name a file, not a directory (no trailing /); got ${q(got)}`;
const NORM = (got: string) => `must be a normalised path (no "." or ".." segments, no "//"); got ${q(got)}`;

// Bond fields, one per line of this inventory: the value always starts at column 17 (name),
// 20 (slaves[0]), 20 (primary) or 33 (slave_drivers.eth1).
const bondInventory = (field: 'name' | 'slave' | 'primary' | 'driver', v: string): string =>
  [
    'all:',
    '  hosts:',
    '    web1:',
    '      bonds:',
    `        - name: ${field === 'name' ? q(v) : 'bond0'}`,
    '          mode: active-backup',
    `          slaves: [${field === 'slave' ? q(v) : 'eth1'}, eth2]`,
    `          primary: ${field === 'primary' ? q(v) : 'eth1'}`,
    `          slave_drivers: {eth1: ${field === 'driver' ? q(v) : 'e1000'}}`,
    '',
  ].join('\n');

const B = 'all.hosts.web1.bonds[0]';
const inventoryCases: [string, 'name' | 'slave' | 'primary' | 'driver', string, string][] = [
  ['bond name -a', 'name', '-a', `inventory.yml:5:17  ${B}.name  ${IFNAME('-a')}`],
  ['bond name --all', 'name', '--all', `inventory.yml:5:17  ${B}.name  ${IFNAME('--all')}`],
  ['bond name -', 'name', '-', `inventory.yml:5:17  ${B}.name  ${IFNAME('-')}`],
  ['bond name --', 'name', '--', `inventory.yml:5:17  ${B}.name  ${IFNAME('--')}`],
  ['bond name -bond0 (looks like a bond)', 'name', '-bond0', `inventory.yml:5:17  ${B}.name  ${IFNAME('-bond0')}`],
  ['bond name with a unicode dash look-alike', 'name', '\u2010a', `inventory.yml:5:17  ${B}.name  ${IFNAME_CHARS('\u2010a')}`],
  ['bond name with a space before the dash', 'name', ' -a', `inventory.yml:5:17  ${B}.name  ${IFNAME_CHARS(' -a')}`],
  ['slave -a', 'slave', '-a', `inventory.yml:7:20  ${B}.slaves[0]  ${IFNAME('-a')}`],
  ['slave --all', 'slave', '--all', `inventory.yml:7:20  ${B}.slaves[0]  ${IFNAME('--all')}`],
  ['slave --force', 'slave', '--force', `inventory.yml:7:20  ${B}.slaves[0]  ${IFNAME('--force')}`],
  ['slave -i/etc/x (an ifup option with its argument)', 'slave', '-i', `inventory.yml:7:20  ${B}.slaves[0]  ${IFNAME('-i')}`],
  ['primary -a', 'primary', '-a', `inventory.yml:8:20  ${B}.primary  ${IFNAME('-a')}`],
  ['slave driver -v', 'driver', '-v', `inventory.yml:9:33  ${B}.slave_drivers.eth1  ${KMOD('-v')}`],
];

for (const [name, field, value, expected] of inventoryCases) {
  test(`hostile inventory: ${name}`, () => {
    const problems = validate(bondInventory(field, value));
    // A bad slave also makes `primary: eth1` or the driver of eth1 fail; only its own line is asserted.
    assert.equal(problems[0], expected, problems.join('\n'));
    if (field !== 'slave') assert.equal(problems.length, 1, problems.join('\n'));
  });
}

// One task per case; the hostile value is always on line 4 and starts at column 15.
const pb = (module: string, key: string, v: string, rest = ''): string =>
  `- hosts: all\n  tasks:\n    - ${module}:\n        ${key}: ${q(v)}\n${rest}`;
const copyWith = (key: string, v: string): string =>
  key === 'dest' ? pb('copy', 'dest', v, '        content: x\n') : pb('copy', key, v, '        dest: /etc/motd\n        content: x\n');

const T = '[0].tasks[0]';
// [case, playbook text, expected line]
const playbookCases: [string, string, string][] = [
  // package names: each would be an option to apt-get/dnf/dpkg-query/rpm or a shell word
  ['package --eval=%(x)', pb('package', 'name', '--eval=%(x)'), `playbook.yml:4:15  ${T}.package.name  ${PKG('--eval=%(x)')}`],
  ['package -oAPT::Get=1', pb('package', 'name', '-oAPT::Get=1'), `playbook.yml:4:15  ${T}.package.name  ${PKG('-oAPT::Get=1')}`],
  ['package -y', pb('package', 'name', '-y'), `playbook.yml:4:15  ${T}.package.name  ${PKG('-y')}`],
  ['package --', pb('package', 'name', '--'), `playbook.yml:4:15  ${T}.package.name  ${PKG('--')}`],
  ['package a;b', pb('package', 'name', 'a;b'), `playbook.yml:4:15  ${T}.package.name  ${PKG_CHARS('a;b')}`],
  ['package $(x)', pb('package', 'name', '$(x)'), `playbook.yml:4:15  ${T}.package.name  ${PKG_CHARS('$(x)')}`],
  ['package `x`', pb('package', 'name', '`x`'), `playbook.yml:4:15  ${T}.package.name  ${PKG_CHARS('`x`')}`],
  ['package with a newline', pb('package', 'name', 'vim\nrm'), `playbook.yml:4:15  ${T}.package.name  ${PKG_CHARS('vim\nrm')}`],
  ['package with a space', pb('package', 'name', 'vim emacs'), `playbook.yml:4:15  ${T}.package.name  ${PKG_CHARS('vim emacs')}`],
  ['package in a list, second item', `- hosts: all\n  tasks:\n    - package:\n        name: [vim, "-oAPT::Get=1"]\n`, `playbook.yml:4:21  ${T}.package.name[1]  ${PKG('-oAPT::Get=1')}`],
  // copy dest
  ['dest ../../etc/shadow', copyWith('dest', '../../etc/shadow'), `playbook.yml:4:15  ${T}.copy.dest  ${ABS('../../etc/shadow')}`],
  ['dest etc/x', copyWith('dest', 'etc/x'), `playbook.yml:4:15  ${T}.copy.dest  ${ABS('etc/x')}`],
  ['dest -rf', copyWith('dest', '-rf'), `playbook.yml:4:15  ${T}.copy.dest  ${ABS('-rf')}`],
  ['dest /etc/', copyWith('dest', '/etc/'), `playbook.yml:4:15  ${T}.copy.dest  ${DIR('/etc/')}`],
  ['dest /', copyWith('dest', '/'), `playbook.yml:4:15  ${T}.copy.dest  ${DIR('/')}`],
  ['dest /etc/../etc/shadow', copyWith('dest', '/etc/../etc/shadow'), `playbook.yml:4:15  ${T}.copy.dest  ${NORM('/etc/../etc/shadow')}`],
  ['dest /etc//x', copyWith('dest', '/etc//x'), `playbook.yml:4:15  ${T}.copy.dest  ${NORM('/etc//x')}`],
  ['dest /etc/./x', copyWith('dest', '/etc/./x'), `playbook.yml:4:15  ${T}.copy.dest  ${NORM('/etc/./x')}`],
  ['dest /etc/x\\nroot', copyWith('dest', '/etc/x\nroot'), `playbook.yml:4:15  ${T}.copy.dest  ${CONTROL('/etc/x\nroot')}`],
  ['dest /etc/\\u001b[31m', copyWith('dest', '/etc/\u001b[31m'), `playbook.yml:4:15  ${T}.copy.dest  ${CONTROL('/etc/\u001b[31m')}`],
  ['dest with a carriage return', copyWith('dest', '/etc/x\r'), `playbook.yml:4:15  ${T}.copy.dest  ${CONTROL('/etc/x\r')}`],
  // Written as a YAML escape (a raw DEL is refused as a control byte before parsing, in
  // hostile-yaml.test.ts); formatProblem escapes it back, so the line stays printable.
  ['dest with DEL', copyWith('dest', '/etc/x\u007f').replace('\u007f', '\\u007f'), `playbook.yml:4:15  ${T}.copy.dest  ${CONTROL('/etc/x\u007f').replace('\u007f', '\\u007f')}`],
  ['template dest ../x', pb('template', 'dest', '../x', '        template: y\n'), `playbook.yml:4:15  ${T}.template.dest  ${ABS('../x')}`],
  // owner and group
  ['owner -r', copyWith('owner', '-r'), `playbook.yml:4:16  ${T}.copy.owner  ${ACCOUNT('-r')}`],
  ['owner --reference=/etc/shadow', copyWith('owner', '--reference=/etc/shadow'), `playbook.yml:4:16  ${T}.copy.owner  ${ACCOUNT('--reference=/etc/shadow')}`],
  ['owner root;id', copyWith('owner', 'root;id'), `playbook.yml:4:16  ${T}.copy.owner  ${ACCOUNT_CHARS('root;id')}`],
  ['owner a b', copyWith('owner', 'a b'), `playbook.yml:4:16  ${T}.copy.owner  ${ACCOUNT_CHARS('a b')}`],
  ['owner root:root (group smuggled into owner)', copyWith('owner', 'root:root'), `playbook.yml:4:16  ${T}.copy.owner  ${ACCOUNT_CHARS('root:root')}`],
  ['group -r', copyWith('group', '-r'), `playbook.yml:4:16  ${T}.copy.group  ${ACCOUNT('-r')}`],
  ['group root;id', copyWith('group', 'root;id'), `playbook.yml:4:16  ${T}.copy.group  ${ACCOUNT_CHARS('root;id')}`],
  ['group a b', copyWith('group', 'a b'), `playbook.yml:4:16  ${T}.copy.group  ${ACCOUNT_CHARS('a b')}`],
  ['group with a newline', copyWith('group', 'adm\nroot'), `playbook.yml:4:16  ${T}.copy.group  ${ACCOUNT_CHARS('adm\nroot')}`],
  // kernel_module name and params
  ['kernel_module name -v', pb('kernel_module', 'name', '-v'), `playbook.yml:4:15  ${T}.kernel_module.name  ${KMOD('-v')}`],
  ['kernel_module name --all', pb('kernel_module', 'name', '--all'), `playbook.yml:4:15  ${T}.kernel_module.name  ${KMOD('--all')}`],
  ['kernel_module name a;b', pb('kernel_module', 'name', 'a;b'), `playbook.yml:4:15  ${T}.kernel_module.name  ${KMOD_CHARS('a;b')}`],
  ['kernel_module params -r', pb('kernel_module', 'params', '-r', '        name: bonding\n'), `playbook.yml:4:17  ${T}.kernel_module.params  ${PARAM('-r')}`],
  ['kernel_module params x=1 -v', pb('kernel_module', 'params', 'x=1 -v', '        name: bonding\n'), `playbook.yml:4:17  ${T}.kernel_module.params  ${PARAM('-v')}`],
  ['kernel_module params --force-modversion', pb('kernel_module', 'params', 'max_bonds=2 --force-modversion', '        name: bonding\n'), `playbook.yml:4:17  ${T}.kernel_module.params  ${PARAM('--force-modversion')}`],
  ['kernel_module params =x (no name)', pb('kernel_module', 'params', '=x', '        name: bonding\n'), `playbook.yml:4:17  ${T}.kernel_module.params  ${PARAM_FORM('=x')}`],
  ['kernel_module params with a newline', pb('kernel_module', 'params', 'x=1\n-v', '        name: bonding\n'), `playbook.yml:4:17  ${T}.kernel_module.params  ${CONTROL('x=1\n-v')}`],
  // handlers go through the same loader
  [
    'handler package -oAPT::Get=1',
    `- hosts: all\n  tasks: []\n  handlers:\n    - name: h\n      package:\n        name: "-oAPT::Get=1"\n`,
    `playbook.yml:6:15  [0].handlers[0].package.name  ${PKG('-oAPT::Get=1')}`,
  ],
];

for (const [name, playbook, expected] of playbookCases) {
  test(`hostile playbook: ${name}`, () => {
    assert.deepEqual(validate(INVENTORY, playbook), [expected]);
  });
}

test('the hostile table has at least 40 cases', () => {
  assert.ok(inventoryCases.length + playbookCases.length >= 40, String(inventoryCases.length + playbookCases.length));
});

test('a bad param reports each bad word, all at the params value', () => {
  const problems = validate(INVENTORY, pb('kernel_module', 'params', '-r x=1 -v', '        name: bonding\n'));
  assert.deepEqual(problems, [`playbook.yml:4:17  ${T}.kernel_module.params  ${PARAM('-r')}`, `playbook.yml:4:17  ${T}.kernel_module.params  ${PARAM('-v')}`]);
});

test('a value rule still runs when another arg of the task is templated', () => {
  const problems = validate(INVENTORY, copyWith('dest', '../x').replace('content: x', 'content: "{{ motd }}"'));
  assert.deepEqual(problems, [`playbook.yml:4:15  ${T}.copy.dest  ${ABS('../x')}`]);
});

test('honest values pass: names with dots, colons, versions, numeric owners, params', () => {
  const ok = `- hosts: all
  tasks:
    - package: {name: [libc6:amd64, g++, netplan.io, python3-yaml]}
    - copy: {dest: /etc/tsprov/x.conf, content: x, owner: "1000", group: www-data}
    - kernel_module: {name: bonding, params: "max_bonds=0 miimon=100 bonding.mode=1"}
`;
  assert.deepEqual(validate(INVENTORY, ok), []);
});
