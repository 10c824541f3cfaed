/**
 * The second and third guards against option injection: every remote command tsprov builds ends
 * the called tool's options with `--` (or names its operand with `dev`) before an operand; a
 * templated value is held to the load-time rules after substitution, before the fact probe sees
 * it; and the apply script refuses the same values with the same rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { loadPlaybook } from '../../../src/config/playbook.ts';
import type { Change } from '../../../src/core/change.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { ApplyInputError, buildApplyScript } from '../../../src/engine/apply/index.ts';
import { factRequest, planHost, type PlanScope } from '../../../src/engine/plan-host.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { extrasScript } from '../../../src/facts/extras.ts';
import { PROBE_SCRIPT } from '../../../src/facts/probe-script.ts';
import { bondReloadHandler } from '../../../src/modules/bond.ts';
import { kernelModuleModule } from '../../../src/modules/kernel-module.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { extra, host } from './fixtures.ts';

const bond = toBond({ name: 'bond0', mode: 'active-backup', slaves: ['eth1', 'eth2'] });
const ctx = { host: host({}), vars: {}, facts: defaultFacts(), bonds: [bond], backend: 'ifupdown' as const, extra: extra() };

test('bond_reload: every ifup/ifdown ends its options with --, every ip names the device with dev', () => {
  const cmds = [...bondReloadHandler.commands({ args: {}, ctx, reload: ['bond0'], needsDown: ['bond0'], bonds: [bond] }), ...bondReloadHandler.rollbackCommands!({ bonds: [bond], backend: 'ifupdown' })];
  const words = cmds.flatMap((c) => c.split(/;|\|\|/).map((s) => s.replace(/>\/dev\/null 2>&1/, '').trim())).filter((s) => /^(ifup|ifdown|ip) /.test(s));
  assert.deepEqual(words, [
    'ifdown --force -- bond0',
    'ip link del dev bond0',
    'ifdown --force -- eth1',
    'ip addr flush dev eth1',
    'ifdown --force -- eth2',
    'ip addr flush dev eth2',
    'ifup -- bond0',
    'ifup --force -- "$s"',
    'ifdown --force -- bond0',
    'ip link del dev bond0',
    'ifup --force -- eth1',
    'ifup --force -- eth2',
    'ifup --force -- bond0',
  ]);
});

const change = (c: { kind: Change['kind']; target: string; [k: string]: unknown }): Change => ({ before: null, after: null, reason: 't', ...c }) as Change;
const script = (changes: Change[]): string => buildApplyScript({ runId: 'r-1', changes, handlers: [] });

test('apply script: modprobe, apt-get, chmod and chown take -- before their operands', () => {
  const s = script([
    change({ kind: 'module', target: 'bonding', before: 'unloaded', after: 'loaded' }),
    change({ kind: 'module', target: 'dummy', before: 'loaded', after: 'unloaded' }),
    change({ kind: 'package', target: 'ifenslave', before: 'absent', after: 'present', manager: 'apt' }),
    change({ kind: 'package', target: 'ethtool', before: 'present', after: 'absent', manager: 'apt' }),
    change({ kind: 'file', target: '/etc/x', after: 'x\n', mode: '0640', owner: 'root', group: 'adm' }),
  ]);
  assert.match(s, /^modprobe -- bonding <\/dev\/null >&2$/m);
  assert.match(s, /^modprobe -r -- dummy <\/dev\/null >&2$/m);
  assert.match(s, /apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold -- ifenslave </);
  assert.match(s, /apt-get remove -y -- ethtool </);
  assert.match(s, /^chmod -- 0640 \/etc\/\.tsprov-tmp\./m);
  assert.match(s, /^chown -- root:adm \/etc\/\.tsprov-tmp\./m);
});

test('kernel_module with params: modprobe -- NAME PARAMS, each param one quoted word', () => {
  const plan = kernelModuleModule.plan({ task: 'm', args: { name: 'bonding', params: ' max_bonds=0  miimon=100 ' }, ctx, check: false });
  assert.deepEqual(plan.changes.map((c) => c.target), ['modprobe -- bonding max_bonds=0 miimon=100']);
});

test('fact probe: dpkg-query and rpm take -- before their operands; files are read by redirection, never as an argument', () => {
  const x = extrasScript({ files: ['/etc/motd'], packages: ['vim'], kernelModules: [], paths: [] });
  assert.match(x, /dpkg-query -W -f='\$\{Status\}' -- "\$1"/);
  assert.match(x, /rpm -q -- "\$1"/);
  assert.match(PROBE_SCRIPT, /tsp_run "\$1" "\$2" tsp_cat "\$2"/);
  assert.match(PROBE_SCRIPT, /done <"\$1"\n/, 'tsp_cat reads the file through a redirection');
  assert.match(PROBE_SCRIPT, /dpkg-query -W -f '[^']*' -- ifenslave /);
  assert.match(PROBE_SCRIPT, /rpm -q --qf '[^']*' -- /);
  // No bare `cat "$2"`, `rpm -q "$1"`, `dpkg-query … "$1"` left anywhere.
  assert.doesNotMatch(PROBE_SCRIPT + x, /\bcat "\$|rpm -q "\$1"|'\$\{Status\}' "\$1"/);
  assert.match(PROBE_SCRIPT, /case \$n in -\*\) continue ;; esac\n\s+tsp_has mii-tool/, 'a NIC named like an option is never handed to mii-tool or ethtool');
});

test('apply script refuses the same values with the same rules (second guard)', () => {
  const cases: [Change, RegExp][] = [
    [change({ kind: 'package', target: '--eval=%(x)', after: 'present', manager: 'apt' }), /^change #0 \(package "--eval=%\(x\)"\): package name must not start with "-": apt-get, dnf, dpkg-query or rpm would read it as an option; got "--eval=%\(x\)"$/],
    [change({ kind: 'package', target: 'a;b', after: 'present', manager: 'apt' }), /package name must be a package name .*got "a;b"$/],
    [change({ kind: 'module', target: '-v', after: 'loaded' }), /module name must not start with "-": modprobe would read it as an option; got "-v"$/],
    [change({ kind: 'file', target: '../../etc/shadow', after: 'x' }), /^change #0 \(file "..\/..\/etc\/shadow"\): must be an absolute path \(starting with \/\); got "..\/..\/etc\/shadow"$/],
    [change({ kind: 'file', target: '/etc/x\nroot', after: 'x' }), /must not contain control characters/],
    [change({ kind: 'file', target: '/etc/x', after: 'x', owner: '-r' }), /owner must not start with "-": chown would read it as an option; got "-r"$/],
    [change({ kind: 'file', target: '/etc/x', after: 'x', group: 'a b' }), /group must be a user or group name .*got "a b"$/],
  ];
  for (const [c, re] of cases) {
    assert.throws(() => script([c]), (e: unknown) => e instanceof ApplyInputError && re.test(e.message), `${JSON.stringify(c)}`);
  }
});

const PLAYBOOK = `- hosts: all
  tasks:
    - package:
        name: "{{ pkg }}"
    - copy:
        dest: "{{ dest }}"
        content: x
    - kernel_module:
        name: bonding
        params: "{{ params }}"
`;

function scope(vars: Record<string, unknown>): PlanScope {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-guard-'));
  writeFileSync(join(dir, 'site.yml'), PLAYBOOK);
  const pb = loadPlaybook(join(dir, 'site.yml'), MODULE_CATALOG);
  return { play: pb.plays[0]!, host: host(vars), bonds: [], backend: 'ifupdown', tags: [], skipTags: [] };
}

test('templated values: the same rules after substitution, at the line of the {{ }}', () => {
  const cases: [Record<string, unknown>, number, string, string][] = [
    [{ pkg: '-oAPT::Get=1' }, 4, 'package.name', 'must not start with "-": apt-get, dnf, dpkg-query or rpm would read it as an option; got "-oAPT::Get=1" (after substitution "{{ pkg }}" gave "-oAPT::Get=1")'],
    [{ dest: '../../etc/shadow' }, 6, 'copy.dest', 'must be an absolute path (starting with /); got "../../etc/shadow" (after substitution "{{ dest }}" gave "../../etc/shadow")'],
    [{ params: 'x=1 -v' }, 10, 'kernel_module.params', 'parameter "-v" must not start with "-": modprobe would read it as an option (after substitution "{{ params }}" gave "x=1 -v")'],
  ];
  const good = { pkg: 'vim', dest: '/etc/motd', params: 'max_bonds=0' };
  for (const [bad, line, path, message] of cases) {
    const s = scope({ ...good, ...bad });
    assert.throws(() => planHost(s, defaultFacts(), extra(), false), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual(e.problems.map((p) => [p.line, p.path, p.message]), [[line, path, message]]);
      return true;
    });
  }
});

test('a templated value the rules refuse never reaches the fact probe', () => {
  const req = factRequest(scope({ pkg: '--eval=%(x)', dest: '/etc/x\nroot', params: '' }));
  assert.deepEqual(req.packages, []);
  assert.ok(!req.files.includes('/etc/x\nroot'), JSON.stringify(req.files));
  const ok = factRequest(scope({ pkg: 'vim', dest: '/etc/motd', params: '' }));
  assert.deepEqual(ok.packages, ['vim']);
  assert.ok(ok.files.includes('/etc/motd'));
});
