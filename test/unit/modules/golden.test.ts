/**
 * Golden module cases: test/golden/modules/<module>/<case>.json. Each case gives the task args,
 * fact overrides (deep-merged over defaultFacts(); arrays replace), live bonds read from the lab
 * fixtures, declared bonds in their flat YAML form, backend, extra facts and check mode; the plan
 * must match `expected` exactly. UPDATE_GOLDEN=1 rewrites `expected` — review the diff by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../../../src/config/bond-model.ts';
import { toBond } from '../../../src/config/bond-normalise.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { parseProcBonding } from '../../../src/facts/parse/proc-bonding.ts';
import type { HostFacts } from '../../../src/facts/types.ts';
import { TASK_MODULES } from '../../../src/modules/registry.ts';
import type { ExtraFacts, TaskPlan } from '../../../src/modules/types.ts';

const ROOT = new URL('../../golden/modules/', import.meta.url).pathname;
const FIXTURES = '/work/shared/lab/fixtures';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Case {
  description: string;
  args: Record<string, unknown>;
  facts?: Record<string, unknown>;
  /** Live bonds: name → fixture path under the lab fixtures, parsed with parseProcBonding. */
  live?: Record<string, string>;
  bonds?: Array<Record<string, unknown>>;
  backend?: Backend;
  extra?: Partial<ExtraFacts>;
  /** Host + play vars, for the template module. */
  vars?: Record<string, unknown>;
  check?: boolean;
  expected: Expected;
}

interface Expected {
  changes: TaskPlan['changes'];
  noop?: string;
  skipped?: string;
  reload: string[];
  reloadNeedsDown: string[];
  notes?: TaskPlan['notes'];
  verify?: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

export function caseFacts(c: Pick<Case, 'facts' | 'live'>): HostFacts {
  const facts = merge(defaultFacts(), c.facts ?? {}) as HostFacts;
  for (const [name, fixture] of Object.entries(c.live ?? {})) facts.bonds[name] = parseProcBonding(name, readFileSync(join(FIXTURES, fixture), 'utf8'));
  return facts;
}

function actual(plan: TaskPlan, want: Expected): Expected {
  const out: Expected = { changes: plan.changes, reload: plan.reload, reloadNeedsDown: plan.reloadNeedsDown };
  if (plan.noop !== undefined) out.noop = plan.noop;
  if (plan.skipped !== undefined) out.skipped = plan.skipped;
  if (want.notes !== undefined || plan.notes.length > 0) out.notes = plan.notes;
  if (want.verify !== undefined || plan.verify.length > 0) out.verify = plan.verify.map((v) => v.bond.name);
  return out;
}

for (const unit of readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory()).sort()) {
  const mod = TASK_MODULES[unit];
  const files = readdirSync(join(ROOT, unit)).filter((f) => f.endsWith('.json')).sort();
  test(`modules/${unit}: has an "already converged" case`, () => {
    assert.ok(mod, `no task module named ${unit}`);
    assert.ok(files.some((f) => f.includes('converged')), `${unit} needs a *converged* case`);
  });
  for (const file of files) {
    const path = join(ROOT, unit, file);
    const c = JSON.parse(readFileSync(path, 'utf8')) as Case;
    test(`modules/${unit}/${file.replace(/\.json$/, '')}: ${c.description}`, () => {
      const bonds = (c.bonds ?? []).map((b) => toBond(b));
      const host = { name: 'web1', groups: [], vars: {}, connection: { type: 'local' as const, address: 'web1', become: false } };
      const extra: ExtraFacts = { files: {}, packages: {}, kernelModules: {}, paths: {}, ...c.extra };
      const plan = mod!.plan({ task: c.description, args: c.args, ctx: { host, vars: c.vars ?? {}, facts: caseFacts(c), bonds, backend: c.backend, extra }, check: c.check ?? false });
      // The plan contract: a no-op reason exactly when nothing changes, plain JSON data.
      assert.equal(plan.noop !== undefined, plan.changes.length === 0 && plan.skipped === undefined, 'noop set exactly when nothing changes');
      assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan, 'plan is JSON-serialisable as is');
      for (const b of plan.reloadNeedsDown) assert.ok(plan.reload.includes(b), `${b} needs down but is not reloaded`);
      const got = actual(plan, c.expected);
      if (UPDATE) writeFileSync(path, JSON.stringify({ ...c, expected: got }, null, 2) + '\n');
      else assert.deepEqual(got, c.expected);
    });
  }
}
