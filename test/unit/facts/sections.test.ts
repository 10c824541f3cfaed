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

test('protocol 2: the body decodes from base64 (real base64), od (real od) or raw, under its nonce only', async () => {
  const { spawnSync } = await import('node:child_process');
  const nonce = '0123456789abcdef';
  const M = `@@tsprov@@-${nonce}`;
  // The payload carries protocol 1 markers and a marker with another nonce: payload, not framing.
  const payload = `${tricky}\n@@tsprov@@-fedcba9876543210 end file 0\nünï`;
  const body = `${M} begin file raw /x\n${payload}\n${M} end file 0\n${M} begin file - /gone\n${M} end file absent\n${M} done\n`;
  const encoders: Array<[string, string]> = [
    ['b64', spawnSync('base64', { input: body, encoding: 'utf8' }).stdout],
    ['hex', spawnSync('od', ['-An', '-v', '-tx1'], { input: body, encoding: 'utf8' }).stdout],
    ['raw', body],
  ];
  for (const [enc, encoded] of encoders) {
    const s = splitProbeOutput(`@@tsprov@@ probe 2 ${enc} ${nonce}\n${encoded}`);
    assert.deepEqual(s.warnings, [], enc);
    assert.equal(s.version, 2);
    assert.deepEqual(s.sections.map((x) => [x.arg, x.rc, x.text]), [['/x', '0', payload], ['/gone', 'absent', null]], enc);
  }
  // Cut mid-way (a dropped connection): what arrived is kept, the rest is a warning.
  const cut = encoders[0]![1].slice(0, 60);
  const s = splitProbeOutput(`@@tsprov@@ probe 2 b64 ${nonce}\n${cut}`);
  assert.equal(s.complete, false);
  assert.match(s.warnings.join('\n'), /incomplete/);
});
