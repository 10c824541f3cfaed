/**
 * Golden precondition cases: real-ish host facts (the facts golden probe cases) + a patch +
 * declared bonds → the exact list of (id, verdict), plus evidence/fix excerpts that must appear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPreconditions, worstVerdict } from '../../../src/modules/preconditions.ts';
import type { HostFacts, NicFacts } from '../../../src/facts/types.ts';
import type { Backend, Bond } from '../../../src/config/bond-model.ts';

const GOLDEN = new URL('../../golden/', import.meta.url).pathname;

interface Case {
  description: string;
  facts: string;
  patch: Array<Record<string, unknown>>;
  bonds: Bond[];
  backend: Backend;
  mayInstallPackages: boolean;
  expected: Array<[string, string]>;
  evidence?: Record<string, string>;
  fix?: Record<string, string>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge; `nics` is patched by NIC name since it is an array in HostFacts. */
function merge(base: unknown, patch: unknown, key = ''): unknown {
  if (key === 'nics' && Array.isArray(base) && isObject(patch)) {
    return (base as NicFacts[]).map((n) => (patch[n.name] ? merge(n, patch[n.name]) : n));
  }
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in base ? merge(base[k], v, k) : v;
  return out;
}

export function loadFacts(name: string, patch: Array<Record<string, unknown>> = []): HostFacts {
  const golden = JSON.parse(readFileSync(join(GOLDEN, 'facts/probe', `${name}.json`), 'utf8')) as { facts: HostFacts };
  return patch.reduce<unknown>((f, p) => merge(f, p), golden.facts) as HostFacts;
}

const dir = join(GOLDEN, 'preconditions');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Case;
  test(`preconditions/${file.replace(/\.json$/, '')}: ${c.description}`, () => {
    const result = checkPreconditions({
      facts: loadFacts(c.facts, c.patch),
      bonds: c.bonds,
      backend: c.backend,
      mayInstallPackages: c.mayInstallPackages,
    });
    assert.deepEqual(result.map((p) => [p.id, p.verdict]), c.expected);
    for (const p of result) {
      assert.ok(p.message.length > 0 && p.evidence.length > 0, `${p.id}: message and evidence required`);
      if (p.verdict === 'fail') assert.ok(p.fix, `${p.id}: a failure must say how to fix it`);
    }
    const byId = new Map(result.map((p) => [p.id, p]));
    for (const [id, excerpt] of Object.entries(c.evidence ?? {})) assert.ok(byId.get(id)?.evidence.includes(excerpt), `${id} evidence "${byId.get(id)?.evidence}" lacks "${excerpt}"`);
    for (const [id, excerpt] of Object.entries(c.fix ?? {})) assert.ok(byId.get(id)?.fix?.includes(excerpt), `${id} fix lacks "${excerpt}"`);
  });
}

test('worstVerdict: fail beats warn beats ok', () => {
  const p = (verdict: 'ok' | 'warn' | 'fail') => ({ id: 'x', verdict, message: 'm', evidence: 'e' });
  assert.equal(worstVerdict([]), 'ok');
  assert.equal(worstVerdict([p('ok'), p('warn')]), 'warn');
  assert.equal(worstVerdict([p('warn'), p('fail'), p('ok')]), 'fail');
});
