/**
 * Hostile YAML and connection values, refused by `tsprov validate` before any host sees them:
 * aliases and merge keys, tags, keys that are not plain values, nesting, control bytes, files of
 * ten megabytes, look-alike names, and connection values that would be options. Each case asserts
 * the exact problems, as `file:line:col  path  message`, positions written out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../../src/core/errors.ts';
import { checkProject, resolveVars } from '../../../src/inventory/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

const PLAIN = '!!str !!int !!float !!bool !!null !!seq !!map';
const TAG = (t: string, why = '') => `unsupported YAML tag "${t}"${why}; only plain values, lists and mappings (${PLAIN}) are read`;
const MERGE = 'merge key << takes a mapping, an alias of one (<<: *defaults) or a list of them';
const DUP = 'duplicate key (each key may appear only once in a mapping)';
const KEY = 'a mapping key must be a plain value, not a list, mapping or alias';
const DEEP = 'nested deeper than 100 levels of lists and mappings';
const BIG = 'file too large to load: more than 3,000,000 lines, list items and keys (about 150,000 hosts); split the fleet across controllers';
const CONTROL_CHAR = (code: string) => `invalid YAML: control character ${code} (a YAML file is text; in a double-quoted string write it as an escape, e.g. \\u0000)`;
const IFNAME = (got: string) => `must be a valid Linux interface name (1–15 characters of A-Z a-z 0-9 _ . : -, not "." or ".."); got ${JSON.stringify(got)}`;
const ADDRESS = (got: string) => `must be a host name or IP address (A-Z a-z 0-9 . - _, or IPv6 in [ ]); got ${JSON.stringify(got)}`;
const LOGIN = (got: string) => `must be a user name (a letter, digit or _, then A-Z a-z 0-9 _ . @ \\ -); got ${JSON.stringify(got)}`;
const OPTION = (tool: string, got: string) => `must not start with "-": ${tool} would read it as an option; got ${JSON.stringify(got)}`;

interface Result {
  problems: string[];
  vars: Record<string, unknown>;
}

/** `tsprov validate`'s checks on the texts; problem paths relative to the temp dir, web1's vars. */
function validate(inventory: string | Buffer, playbook?: string): Result {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-hostile-yaml-'));
  try {
    writeFileSync(join(dir, 'inventory.yml'), inventory);
    if (playbook !== undefined) writeFileSync(join(dir, 'playbook.yml'), playbook);
    const check = checkProject([join(dir, 'inventory.yml')], playbook === undefined ? undefined : join(dir, 'playbook.yml'), MODULE_CATALOG);
    const web1 = check.inventory.hosts.includes('web1') ? resolveVars(check.inventory, 'web1').vars : {};
    return { problems: check.problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) })), vars: web1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const web1 = (lines: string): string => `all:\n  hosts:\n    web1:\n${lines}`;
const bond = (slaves: string, name = 'bond0'): string => web1(`      bonds:\n        - name: ${name}\n          mode: active-backup\n          slaves: [${slaves}]\n`);
const PLAY = (tasks: string): string => `- hosts: all\n  tasks:\n${tasks}`;
const INV = web1('');
const W = 'all.hosts.web1';
const M = 10 * 1024 * 1024;

// [case, inventory, playbook or undefined, expected problems]
const cases: [string, string | Buffer, string | undefined, string[]][] = [
  // aliases and merge keys
  ['an alias inside its own anchor (a host)', 'all: &a\n  hosts:\n    web1: *a\n', undefined, [`inventory.yml:3:11  ${W}  alias *a points into its own anchor &a: the value would contain itself`]],
  ['an alias inside its own anchor (a list)', 'all:\n  vars:\n    x: &a [1, *a]\n', undefined, ['inventory.yml:3:15  all.vars.x[1]  alias *a points into its own anchor &a: the value would contain itself']],
  ['a merge of an alias with no anchor', web1('      <<: *nope\n'), undefined, [`inventory.yml:4:11  ${W}.<<  invalid YAML: alias *nope has no anchor &nope before it`]],
  ['a merge of a scalar alias', 'x: &s 5\n' + web1('      <<: *s\n'), undefined, [`inventory.yml:5:11  ${W}.<<  ${MERGE}`]],
  ['a merge list holding a scalar', 'x: &m {a: 1}\ny: &s 5\n' + web1('      <<: [*m, *s]\n'), undefined, [`inventory.yml:6:11  ${W}.<<  ${MERGE}`]],
  ['a merge of an inline scalar', web1('      <<: 5\n'), undefined, [`inventory.yml:4:11  ${W}.<<  ${MERGE}`]],
  ['the same merge key twice', 'x: &m {a: 1}\n' + web1('      <<: *m\n      <<: *m\n'), undefined, [`inventory.yml:6:7  ${W}.<<  ${DUP}`]],
  ['a merge key in a playbook merges (as Ansible reads it); what it brings is checked', INV, '- hosts: all\n  <<: {gather_fact: false}\n  tasks: []\n', ['playbook.yml:2:8  [0].gather_fact  unknown key "gather_fact"; did you mean "gather_facts"?']],
  // tags beyond plain data
  ['!!binary', web1('      x: !!binary aGVsbG8=\n'), undefined, [`inventory.yml:4:19  ${W}.x  ${TAG('!!binary')}`]],
  ['!!set', web1('      x: !!set {a, b}\n'), undefined, [`inventory.yml:4:16  ${W}.x  ${TAG('!!set')}`]],
  ['!!omap', web1('      x: !!omap [a: 1]\n'), undefined, [`inventory.yml:4:17  ${W}.x  ${TAG('!!omap')}`]],
  ['!!timestamp', web1('      x: !!timestamp 2001-12-14\n'), undefined, [`inventory.yml:4:22  ${W}.x  ${TAG('!!timestamp')}`]],
  ['!vault', web1('      x: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6162\n'), undefined, [`inventory.yml:4:17  ${W}.x  ${TAG('!vault', ' (Ansible Vault values are not supported: use a plain value or an environment lookup)')}`]],
  ['!unsafe', web1('      x: !unsafe "{{ y }}"\n'), undefined, [`inventory.yml:4:18  ${W}.x  ${TAG('!unsafe', " (Ansible's !unsafe is not supported: tsprov templates every value)")}`]],
  ['a local tag', web1('      x: !custom 1\n'), undefined, [`inventory.yml:4:18  ${W}.x  ${TAG('!custom')}`]],
  ['a tag on a key', web1('      !!binary aGk=: 1\n'), undefined, [`inventory.yml:4:16  ${W}.hi  ${TAG('!!binary')}`]],
  ['a tag in a playbook', INV, PLAY('    - command: !!binary ZWNobw==\n'), [`playbook.yml:3:25  [0].tasks[0].command  ${TAG('!!binary')}`]],
  // keys
  ['a list as a key', web1('      ? [a, b]\n      : 1\n'), undefined, [`inventory.yml:4:9  ${W}  ${KEY}`]],
  ['a mapping as a key', web1('      ? {a: 1}\n      : 1\n'), undefined, [`inventory.yml:4:9  ${W}  ${KEY}`]],
  ['a missing key', web1('      : 1\n'), undefined, [`inventory.yml:4:9  ${W}  a mapping key is missing (a line starting with ":"?)`]],
  ['a host twice, once quoted', 'all:\n  hosts:\n    web1:\n    "web1":\n', undefined, [`inventory.yml:4:5  ${W}  ${DUP}`]],
  ['1 and "1" collide', web1('      1: a\n      "1": b\n'), undefined, [`inventory.yml:5:7  ${W}.1  ${DUP}`]],
  ['a task with two command keys', INV, PLAY('    - command: echo a\n      command: echo b\n'), [`playbook.yml:4:7  [0].tasks[0].command  ${DUP}`]],
  ['a host name with a newline', 'all:\n  hosts:\n    "web1\\nweb2":\n', undefined, ['inventory.yml:3:5  all.hosts.web1\\nweb2  invalid host name "web1\\nweb2" (use letters, digits and _ . : - @ [ ])']],
  ['a host name that is an ssh option', 'all:\n  hosts:\n    "-oProxyCommand=sh":\n', undefined, ['inventory.yml:3:5  all.hosts.-oProxyCommand=sh  invalid host name "-oProxyCommand=sh" (use letters, digits and _ . : - @ [ ])']],
  // nesting
  ['101 levels of flow lists', `all:\n  vars:\n    x: ${'['.repeat(101)}${']'.repeat(101)}\n`, undefined, [`inventory.yml:3:105  all.vars.x[0][0][0][0][0][0][0][0][0].…  ${DEEP}`]],
  ['2,000 levels of flow lists, stopped before yaml parses them', `all:\n  vars:\n    x: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, undefined, [`inventory.yml:3:1008  (root)  invalid YAML: ${DEEP}`]],
  ['150 levels of block mappings', 'all:\n  vars:\n' + Array.from({ length: 150 }, (_, i) => `${' '.repeat(4 + 2 * i)}k:\n`).join(''), undefined, [`inventory.yml:101:201  all.vars.k.k.k.k.k.k.k.k.k.k.…  ${DEEP}`]],
  ['10 MB of "["', '['.repeat(M), undefined, [`inventory.yml:1:1001  (root)  invalid YAML: ${DEEP}`]],
  ['10 MB of "- " on one line', '- '.repeat(M / 2), undefined, [`inventory.yml:1:2001  (root)  invalid YAML: ${DEEP}`]],
  // size and bytes
  ['a 10 MB list of 5 million items', web1(`      x: [${'1,'.repeat(M / 2)}]\n`), undefined, [`inventory.yml:4:5999998  (root)  ${BIG}`]],
  ['10 MB of NUL bytes', '\u0000'.repeat(M), undefined, [`inventory.yml:1:1  (root)  ${CONTROL_CHAR('U+0000')}`]],
  ['an escape byte in a plain value', web1('      motd: a\u001b[2Jb\n'), undefined, [`inventory.yml:4:14  (root)  ${CONTROL_CHAR('U+001B')}`]],
  ['a raw DEL in a quoted value', web1('      motd: "a\u007f"\n'), undefined, [`inventory.yml:4:15  (root)  ${CONTROL_CHAR('U+007F')}`]],
  ['a raw C1 control (CSI) in a key', web1('      a\u009b2J: 1\n'), undefined, [`inventory.yml:4:8  (root)  ${CONTROL_CHAR('U+009B')}`]],
  ['a UTF-16 file', Buffer.from('\ufeffall:\n  hosts:\n', 'utf16le'), undefined, ['inventory.yml:1:1  (root)  cannot read file: it is not UTF-8 text (first bad byte at line 1, column 1)']],
  ['a Latin-1 byte in a value', Buffer.concat([Buffer.from(web1('      motd: caf')), Buffer.from([0xe9, 0x0a])]), undefined, ['inventory.yml:1:1  (root)  cannot read file: it is not UTF-8 text (first bad byte at line 4, column 16)']],
  // look-alike and long names
  ['a 16-character bond name', bond('eth1, eth2', 'bond0123456789ab'), undefined, [`inventory.yml:5:17  ${W}.bonds[0].name  ${IFNAME('bond0123456789ab')}`]],
  ['a Cyrillic е in a slave name', bond('"\u0435th1", eth2'), undefined, [`inventory.yml:7:20  ${W}.bonds[0].slaves[0]  ${IFNAME('\u0435th1')}`]],
  ['a zero-width space in a slave name', bond('"eth\u200b1", eth2'), undefined, [`inventory.yml:7:20  ${W}.bonds[0].slaves[0]  ${IFNAME('eth\u200b1')}`]],
  ['a fullwidth hyphen before a slave name', bond('"\uff0da", eth2'), undefined, [`inventory.yml:7:20  ${W}.bonds[0].slaves[0]  ${IFNAME('\uff0da')}`]],
  // wrong types the bond rules must survive
  ['dns as a number', bond('eth1, eth2').replace(/\n$/, '\n          address: 10.0.0.2/24\n          dns: 7\n'), undefined, [`inventory.yml:9:16  ${W}.bonds[0].dns  must be a list; got 7`]],
  ['dns as a mapping', bond('eth1, eth2').replace(/\n$/, '\n          address: 10.0.0.2/24\n          dns: {a: 1}\n'), undefined, [`inventory.yml:9:16  ${W}.bonds[0].dns  must be a list; got a mapping`]],
  ['slave_drivers as a list', bond('eth1, eth2').replace(/\n$/, '\n          slave_drivers: [e1000]\n'), undefined, [`inventory.yml:8:26  ${W}.bonds[0].slave_drivers  must be a mapping; got a list`]],
  ['addresses as one string', bond('eth1, eth2').replace(/\n$/, '\n          addresses: 10.0.0.2/24\n'), undefined, [`inventory.yml:8:22  ${W}.bonds[0].addresses  must be a list; got "10.0.0.2/24"`]],
  // connection values
  ['ansible_host $(id)', web1('      ansible_host: "$(id)"\n'), undefined, [`inventory.yml:4:21  ${W}.ansible_host  ${ADDRESS('$(id)')}`]],
  ['ansible_host -oProxyCommand=sh', web1('      ansible_host: "-oProxyCommand=sh"\n'), undefined, [`inventory.yml:4:21  ${W}.ansible_host  must be a host name or IP address, not an option; got "-oProxyCommand=sh"`]],
  ['ansible_host with a space', web1('      ansible_host: "10.0.0.1 -p 2"\n'), undefined, [`inventory.yml:4:21  ${W}.ansible_host  ${ADDRESS('10.0.0.1 -p 2')}`]],
  ['ansible_user -oProxyCommand=sh', web1('      ansible_user: "-oProxyCommand=sh"\n'), undefined, [`inventory.yml:4:21  ${W}.ansible_user  ${OPTION('ssh', '-oProxyCommand=sh')}`]],
  ['ansible_user root;id', web1('      ansible_user: "root;id"\n'), undefined, [`inventory.yml:4:21  ${W}.ansible_user  ${LOGIN('root;id')}`]],
  ['ansible_ssh_user with a backquote', web1('      ansible_ssh_user: "a`id`"\n'), undefined, [`inventory.yml:4:25  ${W}.ansible_ssh_user  ${LOGIN('a`id`')}`]],
  ['ansible_become_user -u', web1('      ansible_become_user: "-u"\n'), undefined, [`inventory.yml:4:28  ${W}.ansible_become_user  ${OPTION('sudo -u', '-u')}`]],
  ['ansible_become_user root && id', web1('      ansible_become_user: "root && id"\n'), undefined, [`inventory.yml:4:28  ${W}.ansible_become_user  ${LOGIN('root && id')}`]],
  ['a private key path with a newline', web1('      ansible_ssh_private_key_file: "/k\\nx"\n'), undefined, [`inventory.yml:4:37  ${W}.ansible_ssh_private_key_file  must not contain control characters (newline, escape, NUL…); got "/k\\nx"`]],
  ['ansible_port 22;id', web1('      ansible_port: "22;id"\n'), undefined, [`inventory.yml:4:21  ${W}.ansible_port  must be an integer; got "22;id"`]],
];

for (const [name, inventory, playbook, expected] of cases) {
  test(`hostile YAML: ${name}`, () => {
    assert.deepEqual(validate(inventory, playbook).problems, expected);
  });
}

test('the hostile YAML table has at least 50 cases', () => {
  assert.ok(cases.length >= 50, String(cases.length));
});

// What must still load: the refusals above are not allowed to catch real inventories.
test('a merge of a mapping alias works as Ansible reads it, the host key winning', () => {
  const r = validate('all:\n  vars:\n    d: &d {ansible_port: 2222, rack: r1}\n  hosts:\n    web1:\n      <<: *d\n      rack: r2\n');
  assert.deepEqual(r.problems, []);
  assert.equal(r.vars.ansible_port, 2222);
  assert.equal(r.vars.rack, 'r2');
});

test('a 10 MB value loads whole; BOM, CRLF and !!str are fine', () => {
  const big = validate(web1(`      motd: "${'a'.repeat(M)}"\n`));
  assert.deepEqual(big.problems, []);
  assert.equal((big.vars.motd as string).length, M);
  const crlf = validate('\ufeffall:\r\n  hosts:\r\n    web1:\r\n      rack: !!str 22\r\n      ansible_host: "[2001:db8::1]"\r\n      ansible_user: "CORP\\\\deploy"\r\n');
  assert.deepEqual(crlf.problems, []);
  assert.equal(crlf.vars.rack, '22');
});

// Connection vars are not templated yet (issue 12's note): such a value is left to that work.
test('an ansible_host holding {{ }} is not refused as text', () => {
  const r = validate(web1('      ansible_host: "{{ inventory_hostname }}.example.com"\n'));
  assert.deepEqual(r.problems, []);
});
