import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '../../../src/core/change.ts';
import {
  ApplyInputError, buildApplyScript, buildConfirmScript, buildListRunsScript, buildRestoreScript, buildStatusScript,
  type ApplyInput,
} from '../../../src/engine/apply/index.ts';

const cmd = (target: string): Change => ({ kind: 'command', target, before: null, after: null, reason: 't' });
const base: ApplyInput = {
  runId: 'r-1',
  changes: [
    { kind: 'file', target: "/etc/network/it's", before: null, after: "$(id) `id`\nEOF\n", reason: 't', mode: '0600' },
    { kind: 'package', target: 'ifenslave', before: 'absent', after: 'present', manager: 'apt', reason: 't' },
    { kind: 'package', target: 'ethtool', before: 'absent', after: 'present', manager: 'apt', reason: 't' },
    { kind: 'module', target: 'bonding', before: 'unloaded', after: 'loaded', reason: 't' },
    cmd('echo hi'),
  ],
  handlers: [{ name: 'reload networking', commands: ['ifreload -a'] }],
  confirm: { timeoutSec: 120, rollbackHandlers: ['ifreload -a'] },
};

function syntaxOk(script: string): void {
  const r = spawnSync('dash', ['-n'], { input: script });
  assert.equal(r.status, 0, r.stderr.toString());
}

test('every generated script is valid dash syntax', () => {
  syntaxOk(buildApplyScript(base));
  syntaxOk(buildApplyScript({ ...base, changes: [] }));
  syntaxOk(buildConfirmScript('r-1'));
  syntaxOk(buildRestoreScript('r-1', base.handlers));
  syntaxOk(buildStatusScript('r-1'));
  syntaxOk(buildListRunsScript());
});

test('content travels as base64, packages are batched, commands and modules are quoted', () => {
  const s = buildApplyScript(base);
  assert.ok(!s.includes('$(id) `id`'), 'file content never appears raw');
  assert.match(s, /apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold -- ifenslave ethtool <\/dev\/null >&2/);
  assert.match(s, /^modprobe -- bonding <\/dev\/null >&2$/m);
  assert.match(s, /^sh -c 'echo hi' <\/dev\/null >&2$/m);
  assert.match(s, /tsprov_handler reload%20networking 'ifreload -a'/);
  assert.match(s, /\ntsprov_main <\/dev\/null\n$/);
});

test('bad input is rejected before any script exists', () => {
  const bad: Array<Partial<ApplyInput>> = [
    { runId: 'a/b' }, { runId: '..' }, { runId: '' }, { runId: 'x y' },
    { changes: [{ kind: 'file', target: 'relative', before: null, after: '', reason: 't' }] },
    { changes: [{ kind: 'file', target: '/etc/../x', before: null, after: '', reason: 't' }] },
    { changes: [{ kind: 'file', target: '/etc/x', before: null, after: '', reason: 't', mode: '644; id' }] },
    { changes: [{ kind: 'file', target: '/etc/x', before: null, after: '', reason: 't', owner: 'a:b' }] },
    { changes: [{ kind: 'package', target: '-oAPT::x', before: 'absent', after: 'present', manager: 'apt', reason: 't' }] },
    { changes: [{ kind: 'file', target: '/x', before: null, after: '', reason: 't' }, { kind: 'file', target: '/x', before: null, after: null, reason: 't' }] },
    { confirm: { timeoutSec: 0, rollbackHandlers: [] } },
    { lockWaitSec: -1 },
  ];
  for (const b of bad) assert.throws(() => buildApplyScript({ ...base, ...b }), ApplyInputError, JSON.stringify(b));
  assert.throws(() => buildConfirmScript('$(id)'), ApplyInputError);
});

test('a script cut short in transfer runs nothing at all (real sh)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-cut-'));
  try {
    const script = buildApplyScript({
      runId: 'cut', backupRoot: `${dir}/backups`, lockPath: `${dir}/lock`, handlers: [],
      changes: [cmd(`touch ${dir}/ran`), { kind: 'file', target: `${dir}/target`, before: null, after: 'x', reason: 't' }],
    });
    const call = script.lastIndexOf('tsprov_main </dev/null');
    for (const cut of [0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1].map((f) => Math.floor(call * f)).concat(call + 5)) {
      spawnSync('sh', ['-s'], { input: script.slice(0, cut) });
      assert.deepEqual(readdirSync(dir), [], `cut at ${cut} of ${script.length} ran something`);
    }
    execFileSync('sh', ['-s'], { input: script });
    assert.deepEqual(readdirSync(dir).sort(), ['backups', 'ran', 'target'], 'the whole script does run');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
