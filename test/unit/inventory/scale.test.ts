/**
 * A large inventory keeps every diagnostic: the indices that make loading linear (yaml-keys,
 * memberOf, pattern expansion) must find exactly what the linear scans found. Correctness only;
 * speed is measured by `npm run bench:inventory`, never asserted here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProject, groupsOf, matchPattern, resolveHost } from '../../../src/inventory/index.ts';
import { parseYamlText } from '../../../src/config/source.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import type { SourceProblem } from '../../../src/core/errors.ts';

const N = 3000;
const RACK = 250;
const name = (h: number) => `node${String(h).padStart(4, '0')}`;

interface Fleet {
  text: string;
  /** 1-based line of each planted item. */
  at: Record<string, number>;
}

/** dcD → dcD-rackR → hosts, plus a fleet-wide group `bonded`; `plant` edits the chosen hosts. */
function fleet(plant: { dupKeyOn?: number; badSlaveOn?: number } = {}): Fleet {
  const lines = ['all:', '  vars:', '    ansible_user: deploy', '  children:'];
  const at: Record<string, number> = {};
  for (let r = 0; r < N / RACK; r++) {
    if (r % 4 === 0) lines.push(`    dc${r / 4}:`, '      vars:', `        dns_server: 10.${r}.0.53`, '      children:');
    lines.push(`        dc${Math.floor(r / 4)}-rack${r}:`, '          vars:', `            rack: ${r}`, '          hosts:');
    for (let h = r * RACK; h < (r + 1) * RACK; h++) {
      lines.push(`            ${name(h)}:`, '              bonds:', '                - name: bond0', '                  mode: 802.3ad');
      lines.push(h === plant.badSlaveOn ? '                  slaves: [eth1, eth2, eth0123456789abcdef]' : '                  slaves: [eth1, eth2]');
      if (h === plant.badSlaveOn) at.badSlave = lines.length;
      lines.push('                  miimon: 100');
      if (h === plant.dupKeyOn) {
        lines.push('                  miimon: 200');
        at.dupKey = lines.length;
      }
      lines.push(`                  address: 10.${h >> 8}.${h & 255}.1/8`);
    }
  }
  lines.push('    bonded:', '      vars:', '        backend: ifupdown', '        rack: fleet', '      hosts:');
  for (let h = 0; h < N; h++) {
    lines.push(`        ${name(h)}:`);
    if (h === 1234) at.bonded1234 = lines.length;
  }
  return { text: lines.join('\n') + '\n', at };
}

function withFile<T>(text: string, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-scale-'));
  try {
    const file = join(dir, 'inventory.yml');
    writeFileSync(file, text);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('scale: a duplicate key deep in a large file is reported at its second occurrence', () => {
  const f = fleet({ dupKeyOn: 2718 });
  const problems: SourceProblem[] = [];
  const src = parseYamlText('inventory.yml', f.text, problems);
  assert.equal(src.data, undefined);
  assert.deepEqual(problems, [
    {
      file: 'inventory.yml',
      line: f.at.dupKey,
      col: 19,
      path: 'all.children.dc2.children.dc2-rack10.hosts.node2718.bonds[0].miimon',
      message: 'duplicate key (each key may appear only once in a mapping)',
    },
  ]);
});

test('scale: a duplicate host key in a 3000-entry mapping keeps its position', () => {
  const f = fleet();
  const text = f.text + `        ${name(17)}:\n`;
  const problems: SourceProblem[] = [];
  parseYamlText('inventory.yml', text, problems);
  assert.deepEqual(problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}`), [
    `${text.split('\n').length - 1}:9 all.children.bonded.hosts.node0017 duplicate key (each key may appear only once in a mapping)`,
  ]);
});

test('scale: a bad interface name on the last host is found with its position', () => {
  const f = fleet({ badSlaveOn: N - 1 });
  const r = withFile(f.text, (file) => checkProject([file], 'playbooks/bonding.yml', MODULE_CATALOG));
  assert.equal(r.hosts.length, N);
  assert.deepEqual(
    r.problems.map((p) => `${p.line}:${p.col}  ${p.path}  ${p.message}`),
    [
      `${f.at.badSlave}:40  all.children.dc2.children.dc2-rack11.hosts.node2999.bonds[0].slaves[2]  ` +
        'must be a valid Linux interface name (1–15 characters of A-Z a-z 0-9 _ . : -, not "." or ".."); got "eth0123456789abcdef"',
    ],
  );
});

test('scale: a host in two groups gets both, in precedence order, and its first position', () => {
  const f = fleet();
  withFile(f.text, (file) => {
    const r = checkProject([file], undefined, MODULE_CATALOG);
    assert.deepEqual(r.problems, []);
    const inv = r.inventory;
    assert.deepEqual(inv.hosts.length, N);
    assert.deepEqual(inv.memberOf.get(name(1234))?.map((g) => g.name), ['dc1-rack4', 'bonded']);
    const h = resolveHost(inv, name(1234), []);
    // Both groups have depth 1 or 2: dc1-rack4 (depth 2) outranks bonded (depth 1).
    assert.deepEqual(h.groups, ['bonded', 'dc1', 'dc1-rack4']);
    assert.equal(h.vars.rack, 4);
    assert.equal(h.vars.backend, 'ifupdown');
    // Declared first under its rack, not under `bonded`.
    assert.equal(inv.hostAt.get(name(1234))?.path, 'all.children.dc1.children.dc1-rack4.hosts.node1234');
    assert.notEqual(inv.hostAt.get(name(1234))?.line, f.at.bonded1234);
  });
});

test('scale: group patterns select what the per-host group walk selects', () => {
  withFile(fleet().text, (file) => {
    const inv = checkProject([file], undefined, MODULE_CATALOG).inventory;
    // The old definition, host by host: a group term selects a host when the group is among its groups.
    const oracle = (groupName: string) => inv.hosts.filter((h) => groupsOf(inv, h).some((g) => g.name === groupName));
    for (const pattern of ['dc1', 'dc2-rack9', 'bonded', 'dc0:&bonded', 'bonded:!dc1', 'dc*-rack1?']) {
      const got = matchPattern(inv, pattern);
      assert.deepEqual(got.errors, [], pattern);
      if (!/[:*?]/.test(pattern)) assert.deepEqual(got.hosts, oracle(pattern), pattern);
    }
    assert.equal(matchPattern(inv, 'dc1').hosts.length, 4 * RACK);
    assert.equal(matchPattern(inv, 'bonded:!dc1').hosts.length, N - 4 * RACK);
    assert.equal(matchPattern(inv, 'dc0:&bonded').hosts.length, 4 * RACK);
    assert.equal(matchPattern(inv, 'dc*-rack1?').hosts.length, 2 * RACK);
    assert.deepEqual(matchPattern(inv, 'node2999').hosts, ['node2999']);
  });
});
