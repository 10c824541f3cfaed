/**
 * The seed's host renders exactly the seed's configuration lines. The expectation is the seed's
 * own text (seed-excerpt.txt, copied verbatim), not a snapshot of our output, so UPDATE_GOLDEN
 * cannot bless a regression here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderLegacy } from '../../../src/render/ifupdown-legacy/render.ts';
import { renderIfupdown } from '../../../src/render/ifupdown/render.ts';
import { unsupportedRenderer } from '../../../src/render/unsupported.ts';
import { optionsNeedingDown } from '../../../src/render/options-down.ts';
import type { RenderInput } from '../../../src/render/types.ts';
import type { Bond } from '../../../src/config/bond-model.ts';
import { TsprovError } from '../../../src/core/errors.ts';
import { GOLDEN, read } from './golden-io.ts';

const SEED_DIR = join(GOLDEN, 'ifupdown-legacy', 'seed');

function excerpt(): Record<string, string> {
  const out: Record<string, string> = {};
  let cur = '';
  for (const line of read(join(SEED_DIR, 'seed-excerpt.txt')).split('\n')) {
    if (line.startsWith('## ')) cur = line.slice(3);
    else if (cur && line !== '') out[cur] = (out[cur] ?? '') + line + '\n';
  }
  return out;
}

const seedInput = (): RenderInput => JSON.parse(read(join(SEED_DIR, 'input.json'))) as RenderInput;

test('seed host renders the seed text, file by file, plus update-modules', () => {
  const out = renderLegacy(seedInput());
  const files = Object.fromEntries(out.files.map((f) => [f.path, f.content]));
  assert.deepEqual(files, excerpt());
  assert.deepEqual(out.steps.map((s) => s.command), [['update-modules']]);
  assert.deepEqual(out.notes, []);
});

test('with the marker on, the seed lines are unchanged after one marker line', () => {
  const out = renderLegacy({ ...seedInput(), marker: true });
  const ex = excerpt();
  for (const f of out.files) {
    const lines = f.content!.split('\n');
    assert.match(lines[0]!, /^# Managed by tsprov/);
    assert.equal(lines.slice(1).join('\n'), ex[f.path]);
  }
});

test('never renders "up ifenslave" when the host has no ifenslave command', () => {
  for (const modutils of [true, false]) {
    for (const maxBondsZero of [true, false]) {
      const out = renderLegacy({ ...seedInput(), env: { modutils, ifenslaveCommand: false, maxBondsZero } });
      const all = out.files.map((f) => f.content ?? '').join('\n');
      assert.doesNotMatch(all, /ifenslave bond0/);
      assert.match(all, /^bond-slaves eth0 eth1$/m);
      assert.ok(out.notes.some((n) => n.level === 'warn' && /no ifenslave command/.test(n.message)));
    }
  }
});

test('max_bonds=0 with the module creating the bond: later-sorting override and a warning', () => {
  const out = renderLegacy({ ...seedInput(), env: { modutils: true, ifenslaveCommand: true, maxBondsZero: true } });
  const zz = out.files.find((f) => f.path === '/etc/modprobe.d/zz-tsprov-bonding.conf');
  assert.equal(zz?.content, 'options bonding max_bonds=1\n');
  assert.ok('zz-tsprov-bonding.conf' > 'systemd.conf');
  assert.ok(out.notes.some((n) => n.level === 'warn' && /max_bonds=0/.test(n.message)));
});

const bond = (over: Partial<Bond>): Bond => ({
  name: 'bond0',
  mode: 'balance-rr',
  slaves: ['eth1', 'eth2'],
  options: {},
  addressing: { method: 'manual' },
  ...over,
});

test('legacy refuses what one options line or up ifenslave cannot express', () => {
  const env = { modutils: true, ifenslaveCommand: true, maxBondsZero: false };
  const two = [bond({}), bond({ name: 'bond1', slaves: ['eth3'], mode: 'active-backup' })];
  assert.throws(() => renderLegacy({ bonds: two, existing: {}, env }), (e: unknown) => e instanceof TsprovError && e.code === 'E_RENDER_CONFLICT');
  assert.throws(
    () => renderLegacy({ bonds: [bond({ addressing: { method: 'dhcp' } })], existing: {}, env }),
    (e: unknown) => e instanceof TsprovError && e.code === 'E_RENDER_UNSUPPORTED',
  );
  assert.throws(
    () => renderLegacy({ bonds: [bond({ options: { lacp_active: true } })], existing: {}, env }),
    (e: unknown) => e instanceof TsprovError && e.code === 'E_RENDER_UNSUPPORTED',
  );
});

test('two bonds with equal options share one options line with max_bonds', () => {
  const env = { modutils: true, ifenslaveCommand: true, maxBondsZero: false };
  const out = renderLegacy({ bonds: [bond({}), bond({ name: 'bond1', slaves: ['eth3', 'eth4'] })], existing: {}, env, marker: false });
  const aliases = out.files.find((f) => f.path === '/etc/modutils/aliases')!.content!;
  assert.match(aliases, /^options bonding mode=0 max_bonds=2$/m);
});

test('a backend without a renderer throws E_BACKEND_UNSUPPORTED', () => {
  assert.throws(() => unsupportedRenderer('nm')({ bonds: [], existing: {}, env: { modutils: false, ifenslaveCommand: false, maxBondsZero: false } }), (e: unknown) => e instanceof TsprovError && e.code === 'E_BACKEND_UNSUPPORTED');
});

test('ifupdown writes only options the user set', () => {
  const out = renderIfupdown({ bonds: [bond({})], existing: {}, env: { modutils: false, ifenslaveCommand: false, maxBondsZero: true } });
  const text = out.files[0]!.content!;
  assert.deepEqual(text.match(/^\s+bond-\S+/gm)?.map((s) => s.trim()), ['bond-slaves', 'bond-mode']);
});

test('optionsNeedingDown: only changed down-only options the user set', () => {
  const before = bond({ mode: '802.3ad', options: { lacp_rate: 'slow', miimon: 100, xmit_hash_policy: 'layer2' } });
  assert.deepEqual(optionsNeedingDown(undefined, before), []);
  assert.deepEqual(optionsNeedingDown(before, bond({ mode: '802.3ad', options: { miimon: 200 } })), []);
  assert.deepEqual(optionsNeedingDown(before, bond({ mode: 'balance-xor', options: { lacp_rate: 'fast', xmit_hash_policy: 'layer2' } })), ['mode', 'lacp_rate']);
});
