import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStatusScript } from '../../../src/engine/apply/index.ts';
import { onHostState } from '../../../src/engine/run-state.ts';

describe('onHostState', () => {
  it('keeps the state and detail of the status line, without the protocol prefix', () => {
    assert.equal(onHostState('noise\n@@tsprov@@ status r1 rolled-back 2026-12-02T19:00:56Z 0\n'), 'rolled-back 2026-12-02T19:00:56Z 0');
    assert.equal(onHostState('@@tsprov@@ status r1 incomplete\n'), 'incomplete');
  });
  it('is undefined when no status line came back', () => {
    assert.equal(onHostState(''), undefined);
    assert.equal(onHostState('sudo: a password is required\n'), undefined);
  });
  it('reads what the real status script prints (run by sh on a scratch backup root)', () => {
    const root = mkdtempSync(join(tmpdir(), 'tsprov-state-'));
    try {
      mkdirSync(join(root, 'r1'));
      writeFileSync(join(root, 'r1', 'restore.sh'), '');
      writeFileSync(join(root, 'r1', 'rolled-back'), '2026-12-02T19:00:56Z 0\n');
      const out = execFileSync('sh', ['-s'], { input: buildStatusScript('r1', root) }).toString();
      assert.equal(onHostState(out), 'rolled-back 2026-12-02T19:00:56Z 0');
      assert.equal(onHostState(execFileSync('sh', ['-s'], { input: buildStatusScript('r2', root) }).toString()), 'unknown');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
