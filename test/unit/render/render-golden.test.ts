/**
 * Golden cases per backend: test/golden/render/<backend>/<case>/input.json (bonds, existing, env,
 * marker?, previous?) → expected/<absolute path> files, and expected.json for the rest
 * (removed files, notes, steps, reloadNeedsDown). UPDATE_GOLDEN=1 rewrites the expectations. A case
 * whose input.json has `error: {code, message}` expects the render to refuse (message: a regex).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderers } from '../../../src/render/registry.ts';
import type { RenderInput, RenderOutput } from '../../../src/render/types.ts';
import { BACKENDS } from '../../../src/config/bond-model.ts';
import { caseDirs, read, treeFiles, UPDATE, writeTree } from './golden-io.ts';

interface Expected {
  removed: string[];
  notes: RenderOutput['notes'];
  steps: RenderOutput['steps'];
  reloadNeedsDown: string[];
}

function summary(out: RenderOutput): Expected {
  return {
    removed: out.files.filter((f) => f.content === null).map((f) => f.path),
    notes: out.notes,
    steps: out.steps,
    reloadNeedsDown: out.reloadNeedsDown,
  };
}

// Every backend that has golden cases: a new backend's folder is picked up as it lands.
for (const backend of BACKENDS.filter((b) => existsSync(join('test/golden/render', b)))) {
  for (const dir of caseDirs(backend)) {
    test(`render golden ${backend}: ${dir.split('/').pop()}`, () => {
      const input = JSON.parse(read(join(dir, 'input.json'))) as RenderInput & { converged?: boolean; error?: { code: string; message: string } };
      if (input.error) {
        // A refusal case: the host is refused with this code, the message names what and why.
        const want = input.error;
        assert.throws(() => renderers[backend](input), (e: unknown) => {
          assert.equal((e as { code?: string }).code, want.code);
          assert.match((e as Error).message, new RegExp(want.message));
          return true;
        });
        return;
      }
      const out = renderers[backend](input);
      const written: Record<string, string> = {};
      for (const f of out.files) if (f.content !== null) written[f.path] = f.content;
      if (UPDATE) {
        rmSync(join(dir, 'expected'), { recursive: true, force: true });
        writeTree(join(dir, 'expected'), written);
        writeFileSync(join(dir, 'expected.json'), JSON.stringify(summary(out), null, 2) + '\n');
      }
      assert.deepEqual(written, treeFiles(join(dir, 'expected')));
      assert.deepEqual(summary(out), JSON.parse(read(join(dir, 'expected.json'))));
      for (const f of out.files) assert.match(f.mode, /^0[0-7]{3}$/);
      if (input.converged) {
        for (const f of out.files) assert.equal(f.content, input.existing[f.path], `${f.path} already converged`);
        assert.deepEqual(out.steps, []);
      }
      // Rendering is pure and deterministic.
      assert.deepEqual(renderers[backend](input), out);
      // And it converges: rendered again over its own output, it wants no file changed.
      const applied = { ...input.existing };
      for (const f of out.files) applied[f.path] = f.content;
      for (const f of renderers[backend]({ ...input, existing: applied }).files) {
        assert.equal(f.content, applied[f.path], `${f.path} changes again on a second run`);
      }
      assert.ok(existsSync(join(dir, 'expected.json')));
    });
  }
}
