import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../../src/core/exit-codes.ts';
import { isSecretName, MASK } from '../../../src/core/secrets.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { buildProgram } from '../../../src/cli/main.ts';

/**
 * `tsprov inventory --list` against `ansible-inventory --list` as ansible-core 2.14 printed it
 * for the same inventory (captured once into expected.json by capture.sh; each case's README
 * names the version and the command). Compared host by host: the same groups with the same
 * hosts and children, and the same resolved vars; only the values of secret vars differ, which
 * tsprov masks.
 */

const ROOT = 'test/golden/ansible-inventory';
const cases = readdirSync(ROOT).filter((c) => existsSync(join(ROOT, c, 'expected.json'))).sort();

type Json = Record<string, unknown>;

async function tsprovList(args: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), exitCode: ExitCode.ok };
  await buildProgram(ctx).parseAsync(['inventory', ...args, '--list'], { from: 'user' });
  return { code: ctx.exitCode, out, err };
}

/** Ansible prints secrets; tsprov masks them (at any depth below a secret-named key). */
function maskExpected(v: unknown, secret = false): unknown {
  if (Array.isArray(v)) return v.map((x) => maskExpected(x, secret));
  if (v && typeof v === 'object') {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = isSecretName(k) ? MASK : maskExpected(x, secret);
    return out;
  }
  return v;
}

test('at least 20 captured inventories', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases under ${ROOT}`);
});

for (const c of cases) {
  test(`ansible-inventory golden: ${c}`, async () => {
    const dir = join(ROOT, c);
    const args = readFileSync(join(dir, 'args'), 'utf8').split('\n').filter(Boolean);
    // A host list is not a path; everything else is relative to the case folder.
    const flags = args.flatMap((a) => ['-i', a.includes(',') && !existsSync(join(dir, a)) ? a : join(dir, a)]);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Json;
    const r = await tsprovList(flags);
    assert.equal(r.code, ExitCode.ok, r.err);
    const actual = JSON.parse(r.out) as Json;

    const groups = (j: Json) => Object.keys(j).filter((k) => k !== '_meta').sort();
    assert.deepEqual(groups(actual), groups(expected), 'same groups listed');
    for (const g of groups(expected)) assert.deepEqual(actual[g], expected[g], `group ${g}: same hosts and children, in Ansible's order`);

    const hv = (j: Json) => (j._meta as { hostvars: Json }).hostvars;
    assert.deepEqual(Object.keys(hv(actual)).sort(), Object.keys(hv(expected)).sort(), 'same hosts with vars');
    for (const h of Object.keys(hv(expected))) assert.deepEqual(hv(actual)[h], maskExpected(hv(expected)[h]), `host ${h}: same resolved vars`);
  });
}
