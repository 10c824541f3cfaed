/**
 * Templated connection vars: rendered per host when the connection is resolved, then checked by
 * the same rules as written values, each problem at the var's file:line:col with the template
 * and what it rendered to.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatProblem, type SourceProblem } from '../../../src/core/errors.ts';
import { checkProject, loadInventory, resolveHosts } from '../../../src/inventory/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import type { Host } from '../../../src/core/host.ts';

describe('templated connection vars', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const problemsOf = (f: string): SourceProblem[] => checkProject([f], undefined, MODULE_CATALOG).problems;
  const hosts = (f: string, ...extra: string[]): Record<string, Host> => Object.fromEntries(resolveHosts(loadInventory([f], extra)).map((h) => [h.name, h]));
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tsprov-ctpl-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders ansible_host, _port, _user, become vars and key paths with the host vars and magic vars', () => {
    const f = file(
      'ok.yml',
      [
        'all:',
        '  vars:',
        '    site_user: ops',
        '    ansible_user: "{{ site_user }}"',
        '    ansible_host: "{{ mgmt_ip }}"',
        '    ansible_ssh_private_key_file: "~/.ssh/{{ inventory_hostname_short }}.key"',
        '  children:',
        '    web:',
        '      vars: {ssh_p: 2222, ansible_port: "{{ ssh_p }}", ansible_become: "{{ use_sudo }}", ansible_become_user: "{{ svc }}"}',
        '      hosts:',
        '        w1.example: {mgmt_ip: 192.0.2.7, use_sudo: true, svc: app}',
        '        w2.example: {mgmt_ip: "{{ \'192.0.2.\' ~ (8) }}", use_sudo: no, svc: app, ssh_p: "2200"}',
        '        w3.example: {ansible_host: "{{ hostvars[\'w1.example\'].mgmt_ip }}", use_sudo: false, svc: app}',
        '',
      ].join('\n'),
    );
    const h = hosts(f);
    assert.deepEqual(
      { a: h['w1.example']!.connection.address, p: h['w1.example']!.connection.port, u: h['w1.example']!.connection.user, b: h['w1.example']!.connection.become, bu: h['w1.example']!.connection.becomeUser, k: h['w1.example']!.connection.identityFile },
      { a: '192.0.2.7', p: 2222, u: 'ops', b: true, bu: 'app', k: '~/.ssh/w1.key' },
    );
    assert.equal(h['w2.example']!.connection.address, '192.0.2.8', 'a var template inside a var template');
    assert.equal(h['w2.example']!.connection.port, 2200, 'text of digits rendered for a port is the number, as Ansible converts it');
    assert.equal(h['w2.example']!.connection.become, false);
    assert.equal(h['w3.example']!.connection.address, '192.0.2.7', 'through hostvars');
    // The host's vars stay as written: templates elsewhere render them lazily.
    assert.equal(h['w1.example']!.vars.ansible_host, '{{ mgmt_ip }}');
  });

  it('-e overrides the var the template reads', () => {
    const f = file('e.yml', 'all:\n  hosts:\n    h1: {mgmt_ip: 192.0.2.7, ansible_host: "{{ mgmt_ip }}"}\n');
    assert.equal(hosts(f, 'mgmt_ip=192.0.2.99').h1!.connection.address, '192.0.2.99');
  });

  it('a rendered value the rules refuse is an error at the var, with the template and its rendering', () => {
    const f = file('bad.yml', 'all:\n  vars:\n    jump: "-oProxyCommand=touch /tmp/x"\n  hosts:\n    h1:\n      ansible_host: "{{ jump }}"\n      ansible_port: "{{ 70000 }}"\n      ansible_user: "{{ \'root\' }} -x"\n');
    const lines = problemsOf(f).map(formatProblem);
    assert.ok(lines.some((l) => l.startsWith(`${f}:6:21  all.hosts.h1.ansible_host  ansible_host "{{ jump }}" rendered to "-oProxyCommand=touch /tmp/x" for host h1: must be a host name or IP address, not an option`)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${f}:7:21  all.hosts.h1.ansible_port  ansible_port "{{ 70000 }}" rendered to 70000 for host h1: must be <= 65535`)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${f}:8:21  all.hosts.h1.ansible_user  ansible_user "{{ 'root' }} -x" rendered to "root -x" for host h1: `)), lines.join('\n'));
    assert.equal(lines.length, 3, lines.join('\n'));
    // run, check and every other command resolving hosts refuse it too, before any connection.
    assert.throws(() => resolveHosts(loadInventory([f])), (e: unknown) => e instanceof ConfigError && e.problems.length === 3);
  });

  it('a rendered type mismatch is the schema error, after rendering', () => {
    const f = file('type.yml', 'all:\n  hosts:\n    h1: {p: abc, ansible_port: "{{ p }}"}\n');
    const [p] = problemsOf(f);
    assert.equal(p?.line, 3);
    assert.match(p!.message, /^ansible_port "\{\{ p \}\}" rendered to "abc" for host h1: must be an integer; got "abc"$/);
  });

  it('an undefined var is an error at its position; one inside another var is placed at that var', () => {
    const f = file('undef.yml', 'all:\n  vars:\n    mgmt: "{{ missing_net }}.7"\n  hosts:\n    h1: {ansible_host: "{{ mgmt_ip }}"}\n    h2: {ansible_host: "{{ mgmt }}"}\n');
    const lines = problemsOf(f).map(formatProblem);
    assert.ok(lines.includes(`${f}:5:24  all.hosts.h1.ansible_host  ansible_host "{{ mgmt_ip }}": 'mgmt_ip' is undefined (at character 4) for host h1`), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${f}:3:11  all.vars.mgmt  'missing_net' is undefined in the value of var mgmt, at character 4; reached by ansible_host "{{ mgmt }}" for host h2`)), lines.join('\n'));
  });

  it('a rendered secret is masked in the message', () => {
    const f = file('sec.yml', 'all:\n  hosts:\n    h1: {db_password: "s3cr3t word", ansible_user: "{{ db_password }}"}\n');
    const [p] = problemsOf(f);
    assert.ok(p);
    assert.match(p.message, /rendered to \*{8} for host h1/);
    assert.doesNotMatch(p.message, /s3cr3t/);
  });

  it('a templated become password is rendered and kept secret', () => {
    const f = file('bp.yml', 'all:\n  hosts:\n    h1: {vault_sudo: "pa ss", ansible_become: true, ansible_become_password: "{{ vault_sudo }}"}\n');
    const h = hosts(f).h1!;
    assert.equal(h.connection.becomePassword?.reveal(), 'pa ss');
    assert.equal(String(h.connection.becomePassword), '********');
  });

  it('a templated become method is refused once rendered, not as text', () => {
    const ok = file('m1.yml', 'all:\n  hosts:\n    h1: {m: sudo, ansible_become_method: "{{ m }}"}\n');
    assert.deepEqual(problemsOf(ok), []);
    const bad = file('m2.yml', 'all:\n  hosts:\n    h1: {m: su, ansible_become_method: "{{ m }}"}\n');
    assert.match(problemsOf(bad)[0]!.message, /rendered to "su" for host h1: become method "su" is recognised but not supported/);
  });
});
