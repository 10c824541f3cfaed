/**
 * The bundle validates with ajv standalone code generated at build time (scripts/
 * precompile-schemas.mjs, config/precompiled.ts); the sources compile the same schemas at run
 * time. These tests hold the two to the same errors: ajv's raw errors on bad input to every
 * shipped schema, and `tsprov validate`'s whole output on a bad inventory and playbook, the real
 * bundle (built here) against the sources (tsx).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { precompiledModule } from '../../../scripts/precompile-schemas.mjs';
import { SHIPPED_SCHEMAS } from '../../../src/cli/shipped-schemas.ts';
import { RUN_AJV_OPTIONS } from '../../../src/config/schema-check.ts';

const work = mkdtempSync(join(tmpdir(), 'tsprov-precompiled-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

// Wrong in every way the schemas can say so: types, enums, bounds, patterns, unknown and missing keys.
const BAD: Record<string, unknown[]> = {
  VARS_SCHEMA: [
    5,
    { backend: 'ifupdwn', port: '22', ansible_port: 70000, become: [1], secret_vars: [1], drift_expected: [{ kind: 'nope', target: '' }] },
    { bonds: [{ name: 'bond0', mode: 'active-backup', slaves: 'eth1', miimon: -1, primray: 'eth1', arp_ip_target: Array(17).fill('x') }, 'bond1'] },
  ],
  PLAY_SCHEMA: [[], {}, { hosts: 5, serial: { a: 1 }, max_fail_percentage: 101, gather_facts: 'no', bogus: 1, tasks: 'x' }],
  TASK_SCHEMA: ['x', { name: 5, notify: 3, when: { a: 1 }, loop_control: { loop_var: 1 }, tags: [1] }],
};
const BAD_ARGS: unknown[] = [
  'free text',
  {},
  { bogus: 1, name: '', dest: 5, mode: '999', state: 'gone', cmd: [], argv: 'x', persist: 'yes', backend: 'nope', confirm_timeout: 0, verify_ping: 'zz', bonds: [{}] },
];

test('precompiled validators (the code dist/tsprov-schemas.cjs is built from) give ajv run-time errors, keyword for keyword, on bad input to every shipped schema', async () => {
  const file = join(work, 'validators.cjs');
  writeFileSync(file, await precompiledModule());
  const { PRECOMPILED } = createRequire(import.meta.url)(file) as { PRECOMPILED: Map<string, ValidateFunction> };
  const ajv = new Ajv(RUN_AJV_OPTIONS);
  let compared = 0;
  for (const [name, schema] of SHIPPED_SCHEMAS) {
    const pre = PRECOMPILED.get(JSON.stringify(schema));
    assert.ok(pre, `${name} is precompiled`);
    const run = ajv.compile(schema);
    for (const data of BAD[name] ?? BAD_ARGS) {
      assert.equal(pre(data), run(data), `${name}: ${JSON.stringify(data)}`);
      assert.deepStrictEqual(pre.errors, run.errors, `${name}: ${JSON.stringify(data)}`);
      compared += run.errors?.length ?? 0;
    }
  }
  // Control: the inputs are bad, so there were errors to compare.
  assert.ok(compared > 50, `only ${compared} errors compared`);
});

const INVENTORY = `all:
  vars:
    backend: ifupdwn
    port: "22"
    drift_expected:
      - kind: nope
        target: ""
  children:
    web:
      hosts:
        web1:
          address: 192.0.2.10
          ansible_port: 70000
          become: [1]
          bonds:
            - name: bond0
              mode: active-backup
              slaves: eth1
              miimon: -1
              primray: eth1
        web2:
          bonds: yes
`;
const PLAYBOOK = `- hosts: 5
  serial: {a: 1}
  max_fail_percentage: 101
  gather_facts: "no"
  bogus: 1
  tasks:
    - name: 5
      notify: 3
      when: {a: 1}
      loop_control: {loop_var: 1}
      bond:
        backend: nope
        confirm_timeout: 0
        verify_ping: "zz"
        extra: 1
    - package: {name: x, state: gone}
    - copy: {dest: 5, mode: "999"}
    - kernel_module: {persist: "yes"}
    - command: {cmd: [], argv: "x"}
- name: second
`;

test('tsprov validate: the bundle prints exactly what the sources print, and loads no ajv', () => {
  writeFileSync(join(work, 'inv.yml'), INVENTORY);
  writeFileSync(join(work, 'site.yml'), PLAYBOOK);
  // Built under node_modules/ (the bundle's external packages resolve from there), not in dist/,
  // which other runs may be using.
  const dir = resolve('node_modules/.cache', `tsprov-precompiled-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const bundle = join(dir, 'tsprov.js');
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--outfile', bundle], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const args = ['validate', '-i', 'inv.yml', 'site.yml'];
    const loaded = join(work, 'ajv-loaded');
    const viaBundle = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { createRequire } from 'node:module';
      import { writeFileSync } from 'node:fs';
      const { main } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      process.exitCode = await main(${JSON.stringify(args)});
      writeFileSync(${JSON.stringify(loaded)}, Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('/node_modules/ajv/')).join('\\n'));
    `], { cwd: work, encoding: 'utf8', timeout: 30_000 });
    const viaSources = spawnSync(process.execPath, [resolve('bin/tsprov.js'), ...args], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TSPROV_FROM_SOURCE: '1' } });
    assert.equal(viaSources.status, 1, viaSources.stderr);
    assert.match(viaSources.stderr, /^inv\.yml:3:14 {2}all\.vars\.backend {2}must be one of ifupdown,/m);
    assert.match(viaSources.stderr, /^site\.yml:17:29 {2}\[0\]\.tasks\[2\]\.copy\.mode {2}must match/m);
    assert.deepStrictEqual({ code: viaBundle.status, out: viaBundle.stdout, err: viaBundle.stderr }, { code: viaSources.status, out: viaSources.stdout, err: viaSources.stderr });
    assert.equal(readFileSync(loaded, 'utf8'), '', 'ajv modules loaded by the bundle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
