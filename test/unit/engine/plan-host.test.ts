/** planHost and factRequest: pure planning of a whole play for one host. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { parseProcBonding } from '../../../src/facts/parse/proc-bonding.ts';
import { factRequest, planHost, type PlanScope } from '../../../src/engine/plan-host.ts';
import type { Play } from '../../../src/config/playbook.ts';
import { extra, host, play, task } from './fixtures.ts';

const scope = (p: Play, more: Partial<PlanScope> = {}): PlanScope => ({ play: p, host: host({ site: 'fra1', motd: 'host var' }), bonds: [], backend: 'ifupdown', tags: [], skipTags: [], ...more });
const copy = (dest: string, content: string, more = {}) => task('copy', { dest, content }, more);

test('tags: unselected tasks are skipped with the reason; `always` runs; skip-tags wins', () => {
  const p = play([copy('/a', 'a\n', { name: 'A', tags: ['a'] }), copy('/b', 'b\n', { name: 'B', tags: ['b'] }), copy('/c', 'c\n', { name: 'C', tags: ['always'] }), copy('/d', 'd\n', { name: 'D' })]);
  const r = planHost(scope(p, { tags: ['a'] }), defaultFacts(), extra(), false);
  assert.deepEqual(r.tasks.map((t) => [t.task, t.status]), [['A', 'changed'], ['B', 'skipped'], ['C', 'changed'], ['D', 'skipped']]);
  assert.equal(r.tasks[1]!.skipped, 'not selected by --tags/--skip-tags');
  assert.deepEqual(r.changes.map((c) => c.target), ['/a', '/c']);
  const s = planHost(scope(p, { skipTags: ['a', 'always'] }), defaultFacts(), extra(), false);
  assert.deepEqual(s.tasks.map((t) => t.status), ['skipped', 'changed', 'skipped', 'changed']);
});

test('when: a false condition skips with the condition in the reason; play vars beat host vars', () => {
  const p = play([copy('/x', 'x\n', { name: 'X', when: "site == 'ams1'" }), copy('/y', 'y\n', { name: 'Y', when: ['enabled', "site == 'fra1'"] })], [], { enabled: true });
  const r = planHost(scope(p), defaultFacts(), extra(), false);
  assert.deepEqual(r.tasks.map((t) => t.status), ['skipped', 'changed']);
  assert.equal(r.tasks[0]!.skipped, `when: "site == 'ams1'" is false`);
  const q = play([copy('/y', 'y\n', { when: "site == 'ams1'" })], [], { site: 'ams1' });
  assert.equal(planHost(scope(q), defaultFacts(), extra(), false).tasks[0]!.status, 'changed');
  assert.equal(planHost(scope(q), defaultFacts(), extra(), false).tasks[0]!.task, 'copy #1');
});

test('notify: a handler runs only when a notifying task changed', () => {
  const handlers = [task('command', { cmd: 'systemctl reload {{ svc }}' }, { name: 'reload svc' })];
  const vars = { svc: 'rsyslog' };
  const converged = play([copy('/etc/a', 'a\n', { notify: ['reload svc'] })], handlers, vars);
  const r = planHost(scope(converged), defaultFacts(), extra({ files: { '/etc/a': 'a\n' } }), false);
  assert.equal(r.tasks[0]!.status, 'ok');
  assert.match(r.tasks[0]!.noop ?? '', /already has the desired content/);
  assert.deepEqual(r.handlers, []);
  const changed = planHost(scope(converged), defaultFacts(), extra({ files: { '/etc/a': 'old\n' } }), false);
  assert.deepEqual(changed.handlers, [{ name: 'reload svc', module: 'command', commands: ['systemctl reload rsyslog'] }]);
  assert.equal(changed.changed, 1);
});

test('a notified handler whose when is false runs nothing, and says why; true or absent, it runs', () => {
  const handlers = [task('command', { cmd: 'systemctl reload rsyslog' }, { name: 'reload svc', when: 'not (no_reload | default(false))' })];
  const p = (vars: Record<string, unknown>) => play([copy('/etc/a', 'a\n', { notify: ['reload svc'] })], handlers, vars);
  const skipped = planHost(scope(p({ no_reload: true })), defaultFacts(), extra({ files: { '/etc/a': 'old\n' } }), false);
  assert.deepEqual(skipped.handlers, []);
  assert.deepEqual(skipped.handlersSkipped, ['handler reload svc: skipped, when: "not (no_reload | default(false))" is false']);
  assert.deepEqual(skipped.changes.map((c) => c.target), ['/etc/a'], 'the task\'s own change still applies');
  const runs = planHost(scope(p({})), defaultFacts(), extra({ files: { '/etc/a': 'old\n' } }), false);
  assert.deepEqual(runs.handlers.map((h) => h.name), ['reload svc']);
  assert.equal(runs.handlersSkipped, undefined);
  const bad = play([copy('/etc/a', 'a\n', { notify: ['reload svc'] })], [task('command', { cmd: 'true' }, { name: 'reload svc', when: 'nope' })]);
  assert.throws(() => planHost(scope(bad), defaultFacts(), extra({ files: { '/etc/a': 'old\n' } }), false), /^Error: handler reload svc: when: .*nope/);
});

test('bond_reload handler gets the union of reloads and needs-down of every notifying task', () => {
  const flat0 = { name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'], miimon: 100 };
  const flat1 = { name: 'bond1', mode: 'balance-rr', slaves: ['eth3', 'eth4'], miimon: 100 };
  const facts = defaultFacts();
  facts.packages.packages.ifenslave.installed = true;
  facts.bonds.bond0 = parseProcBonding('bond0', readFileSync('/work/shared/lab/fixtures/e1000/bond0-up.txt', 'utf8'));
  const p = play(
    [task('bond', { bonds: [flat0] }, { name: 'b0', notify: ['reload bonds'] }), task('bond', { bonds: [flat1] }, { name: 'b1', notify: ['reload bonds'] })],
    [task('bond_reload', {}, { name: 'reload bonds' })],
  );
  const r = planHost(scope(p, { bonds: [toBond(flat0), toBond(flat1)] }), facts, extra(), false);
  assert.deepEqual(r.tasks.map((t) => [t.reload, t.reloadNeedsDown]), [[['bond0'], ['bond0']], [['bond1'], []]]);
  assert.equal(r.handlers.length, 1);
  const cmds = r.handlers[0]!.commands;
  assert.ok(cmds.includes('ifup -- bond0') && cmds.includes('ifup -- bond1'), cmds.join('\n'));
  assert.ok(cmds.some((c) => c.startsWith('ifdown --force -- eth4 ')), 'slaves of every reloaded bond are released');
  assert.ok(cmds.indexOf('ifup -- bond0') < cmds.indexOf('ifup -- bond1'), 'task order kept');
  assert.deepEqual(r.verify.map((v) => v.bond.name), ['bond0', 'bond1']);
});

test('a reload done by the handler is not a change of its own', () => {
  const flat0 = { name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'], miimon: 100 };
  const facts = defaultFacts();
  facts.packages.packages.ifenslave.installed = true;
  const probe = planHost(scope(play([task('bond', { bonds: [flat0] })]), { bonds: [toBond(flat0)] }), facts, extra(), false);
  facts.files = { '/etc/network/interfaces': probe.changes.find((c) => c.kind === 'file')!.after as string };
  const p = play([task('bond', {}, { notify: ['reload bonds'] })], [task('bond_reload', {}, { name: 'reload bonds' })]);
  const r = planHost(scope(p, { bonds: [toBond(flat0)] }), facts, extra(), false);
  assert.equal(r.tasks[0]!.status, 'changed');
  assert.equal(r.tasks[0]!.changes[0]!.kind === 'command' && r.tasks[0]!.changes[0]!.viaHandler, 'bond_reload');
  assert.deepEqual(r.changes, []);
  assert.deepEqual(r.handlers.map((h) => h.name), ['reload bonds']);
});

test('changed_when: false — the command still runs, the task is ok, nothing is notified', () => {
  const p = play([task('command', { cmd: 'ip -br link' }, { changed_when: false, notify: ['h'] })], [task('command', { cmd: 'echo h' }, { name: 'h' })]);
  const r = planHost(scope(p), defaultFacts(), extra(), false);
  assert.equal(r.tasks[0]!.status, 'ok');
  assert.equal(r.changed, 0);
  assert.deepEqual(r.changes.map((c) => c.target), ['ip -br link']);
  assert.deepEqual(r.handlers, []);
});

test('check mode: command is skipped, not run; check_mode: true forces it per task', () => {
  const p = play([task('command', { cmd: 'touch /x' })]);
  const c = planHost(scope(p), defaultFacts(), extra(), true);
  assert.equal(c.tasks[0]!.status, 'skipped');
  assert.deepEqual(c.changes, []);
  const forced = planHost(scope(play([task('command', { cmd: 'touch /x' }, { check_mode: true })])), defaultFacts(), extra(), false);
  assert.equal(forced.tasks[0]!.status, 'skipped');
});

test('templated args: {{ var }} in copy content; template text rendered once, by the module', () => {
  // A second rendering of the template text would turn the raw block into the value of v.
  const p = play([copy('/etc/{{ site }}.conf', 'motd={{ motd }}\n'), task('template', { dest: '/etc/t', template: 'x={% raw %}{{ v }}{% endraw %}\n' })], [], { motd: 'play var', v: 'rendered twice' });
  const r = planHost(scope(p), defaultFacts(), extra(), false);
  assert.deepEqual(r.changes.map((c) => [c.target, c.after]), [['/etc/fra1.conf', 'motd=play var\n'], ['/etc/t', 'x={{ v }}\n']]);
  assert.throws(() => planHost(scope(play([copy('/a', '{{ nope }}')])), defaultFacts(), extra(), false), /'nope' is undefined/);
});

test('a module that is not a task module fails the plan loudly', () => {
  assert.throws(() => planHost(scope(play([task('bond_reload', {}, { name: 'r' })])), defaultFacts(), extra(), false), /bond_reload cannot run as a task/);
});

test('factRequest collects what every task and handler wants, templated', () => {
  const p = play(
    [copy('/etc/{{ site }}.conf', 'x'), task('package', { name: ['ifenslave', 'ethtool'] }), task('kernel_module', { name: 'bonding' }), task('command', { cmd: 'x', creates: '/var/{{ site }}' })],
    [task('command', { cmd: 'y', removes: '/run/h' }, { name: 'h' })],
  );
  assert.deepEqual(factRequest(scope(p)), {
    files: ['/etc/fra1.conf', '/etc/modules'],
    packages: ['ifenslave', 'ethtool'],
    kernelModules: ['bonding'],
    paths: ['/var/fra1', '/run/h'],
  });
});

test('rollback commands bring the restored bond back despite ifupdown still recording the new one', async () => {
  const { bondReloadHandler } = await import('../../../src/modules/bond.ts');
  const { toBond } = await import('../../../src/config/bond-normalise.ts');
  const cmds = bondReloadHandler.rollbackCommands!({ bonds: [toBond({ name: 'bond0', mode: 'balance-rr', slaves: ['eth1', 'eth2'] })], backend: 'ifupdown' });
  assert.deepEqual(cmds.map((c) => c.replace(/ >\/dev\/null 2>&1 \|\| true$/, '')), [
    'ifdown --force -- bond0',
    'ip link del dev bond0',
    'ifup --force -- eth1',
    'ifup --force -- eth2',
    'ifup --force -- bond0',
  ]);
});

test('when sees the gathered facts as `facts`', () => {
  const p = play([copy('/m', 'm\n', { name: 'M', when: "facts.kernel.bonding == 'm'" }), copy('/n', 'n\n', { name: 'N', when: "facts.os.id == 'rhel'" })]);
  const r = planHost(scope(p), defaultFacts(), extra(), false);
  assert.deepEqual(r.tasks.map((t) => t.status), ['changed', 'skipped']);
});

test('a command line carrying a secret var is marked sensitive (reporters hide it), and still runs as written', () => {
  const p = play([task('command', { cmd: 'enroll --key {{ api_token }}' }, { name: 'enroll' })]);
  const r = planHost(scope(p, { host: host({ api_token: 'tok-98765' }) }), defaultFacts(), extra(), false);
  const c = r.changes[0]!;
  assert.equal(c.kind, 'command');
  assert.equal(c.target, 'enroll --key tok-98765', 'the apply script gets the real command');
  assert.equal((c as { sensitive?: boolean }).sensitive, true);
});
