import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConfigFile, type DiscoveryEnv } from '../../../src/config/defaults-discovery.ts';

/** A fresh tree per test: cwd, home and etc of its own, nothing from this machine. */
function tree(): { root: string; d: DiscoveryEnv; put: (rel: string, text?: string) => string } {
  const root = mkdtempSync(join(tmpdir(), 'tsprov-disc-'));
  for (const dir of ['cwd', 'home', 'etc', 'elsewhere']) mkdirSync(join(root, dir));
  const put = (rel: string, text = '[defaults]\n'): string => {
    writeFileSync(join(root, rel), text);
    return join(root, rel);
  };
  return { root, d: { env: {}, cwd: join(root, 'cwd'), home: join(root, 'home'), etcAnsible: join(root, 'etc') }, put };
}
const pick = (d: DiscoveryEnv) => {
  const r = findConfigFile(d);
  return [r.file, r.format, r.from];
};

test('nothing anywhere: no file, no warning', () => {
  const { d } = tree();
  assert.deepEqual(findConfigFile(d), { warnings: [], notes: [] });
});

test('the order: TSPROV_CONFIG, ./tsprov.*, ~/.tsprov.*, ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg', () => {
  const { d, put } = tree();
  const etc = put('etc/ansible.cfg');
  assert.deepEqual(pick(d), [etc, 'ansible', 'the system-wide file']);
  const homeAnsible = put('home/.ansible.cfg');
  assert.deepEqual(pick(d), [homeAnsible, 'ansible', 'in the home directory']);
  const cwdAnsible = put('cwd/ansible.cfg');
  assert.deepEqual(pick(d), [cwdAnsible, 'ansible', 'in the current directory']);
  const envAnsible = put('elsewhere/site.cfg');
  assert.deepEqual(pick({ ...d, env: { ANSIBLE_CONFIG: envAnsible } }), [envAnsible, 'ansible', 'named by $ANSIBLE_CONFIG']);
  const homeOwn = put('home/.tsprov.yml', 'forks: 1\n');
  assert.deepEqual(pick({ ...d, env: { ANSIBLE_CONFIG: envAnsible } }), [homeOwn, 'tsprov-yaml', 'in the home directory']);
  const cwdOwn = put('cwd/tsprov.cfg');
  assert.deepEqual(pick(d), [cwdOwn, 'tsprov-ini', 'in the current directory']);
  const envOwn = put('elsewhere/mine.yaml', 'forks: 1\n');
  assert.deepEqual(pick({ ...d, env: { TSPROV_CONFIG: envOwn } }), [envOwn, 'tsprov-yaml', 'named by $TSPROV_CONFIG']);
});

test('a directory in TSPROV_CONFIG / ANSIBLE_CONFIG means the file in it; relative and ~ paths resolved', () => {
  const { d, put } = tree();
  const own = put('elsewhere/tsprov.yml', 'forks: 1\n');
  assert.deepEqual(pick({ ...d, env: { TSPROV_CONFIG: '../elsewhere' } }), [own, 'tsprov-yaml', 'named by $TSPROV_CONFIG']);
  const theirs = put('home/ansible.cfg');
  assert.deepEqual(pick({ ...d, env: { ANSIBLE_CONFIG: '~' } }), [theirs, 'ansible', 'named by $ANSIBLE_CONFIG']);
});

test('TSPROV_CONFIG naming nothing is an error; ANSIBLE_CONFIG naming nothing is passed over (as Ansible), with a -v note', () => {
  const { d, put, root } = tree();
  assert.throws(() => findConfigFile({ ...d, env: { TSPROV_CONFIG: join(root, 'nope.cfg') } }), { message: `TSPROV_CONFIG names ${join(root, 'nope.cfg')}, which does not exist` });
  assert.throws(() => findConfigFile({ ...d, env: { TSPROV_CONFIG: join(root, 'etc') } }), /TSPROV_CONFIG names the directory .*etc, which holds no tsprov\.cfg or tsprov\.yml/);
  const home = put('home/.ansible.cfg');
  const r = findConfigFile({ ...d, env: { ANSIBLE_CONFIG: join(root, 'gone.cfg') } });
  assert.equal(r.file, home);
  assert.deepEqual(r.notes, [`ANSIBLE_CONFIG names ${join(root, 'gone.cfg')}, which does not exist: looking further, as Ansible does`]);
});

test('tsprov.cfg and tsprov.yml side by side is an error naming both', () => {
  const { d, put } = tree();
  const a = put('cwd/tsprov.cfg');
  const b = put('cwd/tsprov.yml', 'forks: 1\n');
  assert.throws(() => findConfigFile(d), { message: `both ${a} and ${b} exist: keep one of them (tsprov reads only one defaults file)` });
});

test('a world-writable current directory is skipped with a warning, as Ansible does; not when an env var names the file', () => {
  const { d, put } = tree();
  put('cwd/ansible.cfg');
  put('cwd/tsprov.cfg');
  const home = put('home/.ansible.cfg');
  chmodSync(d.cwd, 0o777);
  const r = findConfigFile(d);
  assert.equal(r.file, home);
  assert.deepEqual(r.warnings, [`the current directory ${d.cwd} is world-writable: ignoring ${join(d.cwd, 'tsprov.cfg')}, ${join(d.cwd, 'ansible.cfg')} there, as Ansible does (anyone could have written it; name the file in TSPROV_CONFIG or ANSIBLE_CONFIG to use it)`]);
  const named = findConfigFile({ ...d, env: { ANSIBLE_CONFIG: join(d.cwd, 'ansible.cfg') } });
  assert.equal(named.file, join(d.cwd, 'ansible.cfg'));
  assert.deepEqual(named.warnings, []);
  // Nothing to ignore, nothing to say.
  const { d: d2 } = tree();
  chmodSync(d2.cwd, 0o777);
  assert.deepEqual(findConfigFile(d2).warnings, []);
});
