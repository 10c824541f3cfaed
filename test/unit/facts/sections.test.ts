import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitProbeOutput } from '../../../src/facts/sections.ts';
import { assembleFacts } from '../../../src/facts/assemble.ts';
import { encodeProbe } from './wire.ts';

const tricky = 'line one\n@@tsprov@@ end file 0\n\n  trailing spaces  \nno final newline';

for (const enc of ['b64', 'hex'] as const) {
  test(`${enc} payloads round-trip exactly, even text that looks like a marker`, () => {
    const raw = encodeProbe([
      { name: 'file', arg: '/etc/a b', text: tricky, enc },
      { name: 'file', arg: '/etc/empty', text: '', enc },
      { name: 'file', arg: '/etc/nl', text: 'x\n', enc },
    ]);
    const s = splitProbeOutput(raw);
    assert.deepEqual(s.warnings, []);
    assert.deepEqual(s.sections.map((x) => [x.arg, x.text]), [['/etc/a b', tricky], ['/etc/empty', ''], ['/etc/nl', 'x\n']]);
  });
}

test('raw payloads keep content with or without a final newline', () => {
  const raw = encodeProbe([
    { name: 'file', arg: '/a', text: 'abc', enc: 'raw' },
    { name: 'file', arg: '/b', text: 'abc\n', enc: 'raw' },
  ]);
  assert.deepEqual(splitProbeOutput(raw).sections.map((x) => x.text), ['abc', 'abc\n']);
});

test('absent and unreadable files are null; unreadable is a warning', () => {
  const raw = encodeProbe([
    { name: 'file', arg: '/etc/network/interfaces', text: null },
    { name: 'file', arg: '/etc/NetworkManager/system-connections/x', text: null, rc: 'unreadable' },
  ]);
  const { facts, warnings } = assembleFacts(raw);
  assert.equal(facts.files['/etc/network/interfaces'], null);
  assert.ok(warnings.some((w) => w.includes('not readable')));
});

test('truncated output: sections so far are kept, warnings say what is missing', () => {
  const full = encodeProbe([{ name: 'uname', text: '6.1.0\n' }, { name: 'osrelease', arg: '/etc/os-release', text: 'ID=debian\n' }]);
  const cut = full.slice(0, full.indexOf('@@tsprov@@ end osrelease'));
  const s = splitProbeOutput(cut);
  assert.equal(s.complete, false);
  assert.equal(s.sections[0]?.text, '6.1.0\n');
  assert.equal(s.sections[1]?.rc, 'truncated');
  assert.ok(s.warnings.some((w) => w.includes('osrelease')));
  assert.ok(s.warnings.some((w) => w.includes('incomplete')));
});

test('garbage is not a probe: no throw, typed unknowns and warnings', () => {
  const { facts, warnings } = assembleFacts('sudo: a password is required\n');
  assert.equal(facts.kernel.bonding, 'unknown');
  assert.equal(facts.kernel.configSource, 'none');
  assert.equal(facts.os.id, 'unknown');
  assert.deepEqual(facts.nics, []);
  assert.equal(facts.packages.manager, 'none');
  assert.equal(facts.backend.detected, 'unknown');
  assert.ok(warnings.some((w) => w.includes('no version line')));
});

test('hex fallback decodes real `od -An -v -tx1` output (hosts without base64)', async () => {
  const { spawnSync } = await import('node:child_process');
  const text = `${tricky}\nünïcödé\t\u0001`;
  const od = spawnSync('od', ['-An', '-v', '-tx1'], { input: text, encoding: 'utf8' });
  assert.equal(od.status, 0);
  const raw = `@@tsprov@@ probe 1\n@@tsprov@@ begin file hex /x\n${od.stdout}\n@@tsprov@@ end file 0\n@@tsprov@@ done\n`;
  assert.equal(splitProbeOutput(raw).sections[0]?.text, text);
});
