/**
 * Our modprobe.d precedence must match what kmod itself printed on the lab VM: each legacy case
 * fixture recorded `modprobe -c | grep 'options bonding'`, in kmod's effective order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseModprobe, effectiveModprobeFiles } from '../../../src/facts/parse/modprobe.ts';

const FIXTURES = '/work/shared/lab/fixtures/legacy';
const GOLDEN = new URL('../../golden/facts/modprobe/', import.meta.url).pathname;

for (const c of ['A', 'B', 'C', 'D', 'E']) {
  test(`modprobe order for lab case ${c} equals kmod's own \`modprobe -c\``, (t) => {
    const fixture = `${FIXTURES}/case-${c}.txt`;
    if (!existsSync(fixture)) {
      if (process.env['CI'] === 'true') assert.fail(`${fixture} missing`);
      t.skip(`LOUD SKIP: ${fixture} not available`);
      return;
    }
    const kmod = /## modprobe -c \| grep 'options bonding'\n([\s\S]*?)\n## /.exec(readFileSync(fixture, 'utf8'))?.[1]?.split('\n') ?? [];
    assert.ok(kmod.length >= 2);
    const input = JSON.parse(readFileSync(`${GOLDEN}/legacy-case-${c}.input.json`, 'utf8')) as { files: Record<string, string | null>; cmdline: string };
    const ours = parseModprobe(input.files, input.cmdline).bondingOptions.map((l) => l.replace(/^[^:]+: /, ''));
    assert.deepEqual(ours, kmod);
  });
}

test('the kernel command line beats every modprobe.d file, as kmod showed on a lab VM', () => {
  const input = JSON.parse(readFileSync(`${GOLDEN}/kernel-cmdline-wins.input.json`, 'utf8')) as { files: Record<string, string | null>; cmdline: string };
  const m = parseModprobe(input.files, input.cmdline);
  assert.equal(m.maxBonds, 2);
  assert.equal(m.source, '/proc/cmdline');
  // kmod's own order (`modprobe -c` on that VM): files first, the command line last.
  assert.deepEqual(m.bondingOptions.map((l) => l.replace(/^[^:]+: /, '').replace(/^bonding\./, 'options bonding ')), [
    'options bonding max_bonds=0', 'options bonding max_bonds=3', 'options bonding max_bonds=2',
  ]);
  assert.equal(parseModprobe(input.files, null).maxBonds, 3, 'without it, the last file wins');
});

test('same base name: /etc hides /lib, /run hides /lib, and only *.conf/*.alias count', () => {
  const files = {
    '/lib/modprobe.d/systemd.conf': 'x',
    '/usr/lib/modprobe.d/systemd.conf': 'x',
    '/etc/modprobe.d/systemd.conf': 'x',
    '/run/modprobe.d/a.conf': 'x',
    '/lib/modprobe.d/a.conf': 'x',
    '/etc/modprobe.d/bonding': 'x',
    '/etc/modprobe.d/.hidden.conf': 'x',
    '/etc/modprobe.d/Z.conf': 'x',
    '/etc/modprobe.d/gone.conf': null,
  };
  assert.deepEqual(effectiveModprobeFiles(files), ['/etc/modprobe.d/Z.conf', '/run/modprobe.d/a.conf', '/etc/modprobe.d/systemd.conf']);
});
