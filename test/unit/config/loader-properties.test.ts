/**
 * Property-based suite over the loaders (fast-check): inventories and playbooks mutated as text
 * and as structure, and `--facts` files mutated as JSON, must never crash; every problem names
 * a file we wrote, a real line and column, one printable line, and a field (or says why the
 * whole file is refused); and a rejected input never reaches a host — `tsprov run` on it exits 1
 * with no socket opened and no process started.
 *
 * Deterministic by default (a fixed seed, so CI on any machine runs the same cases);
 * `FC_SEED=<n> FC_RUNS=<n>` explores further, and a failure prints the seed and the shrunk case.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { formatProblem, TsprovError, type SourceProblem } from '../../../src/core/errors.ts';
import { checkProject } from '../../../src/inventory/index.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { buildProgram } from '../../../src/cli/main.ts';
import { readFacts } from '../../../src/cli/render-io.ts';
import { ExitCode } from '../../../src/core/exit-codes.ts';
import { defaultFacts } from '../../../src/facts/defaults.ts';
import { inventorySeeds, mutatedStructure, mutatedText, playbookSeeds, type Seed } from './fuzz/arbitraries.ts';

const SEED = Number(process.env.FC_SEED ?? 20261203);
const RUNS = Number(process.env.FC_RUNS ?? 250);
const params = (runs = RUNS): fc.Parameters<unknown> => ({ seed: SEED, numRuns: runs, endOnFailure: true, includeErrorInReport: true });

// Problems about a whole file have no field to name (it could not be read, parsed, or is not the
// right kind of document); a top-level key that is not text, and an INI section header, have no
// name to give either. Their position is all there is.
const WHOLE_FILE = /^(invalid YAML|cannot read file|file too large|a playbook must be|inventory must be a mapping|inventory is empty|a mapping key (must be|is missing)|unsupported YAML tag|invalid section ")/;
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

let dir: string;
const INVENTORIES = inventorySeeds();
const PLAYBOOKS = playbookSeeds();
const SEED_INVENTORY = INVENTORIES.find((s) => s.name === 'example.yml')!;
const SEED_PLAYBOOK = PLAYBOOKS[0]!;

/** The two files of one case, written fresh; returns their paths. */
function write(inv: { seed: Seed; text: string }, playbook: string): { inv: string; pb: string; texts: Map<string, string> } {
  const invName = inv.seed.format === 'ini' ? 'inventory.ini' : 'inventory.yml';
  for (const f of ['inventory.ini', 'inventory.yml']) rmSync(join(dir, f), { force: true });
  writeFileSync(join(dir, invName), inv.text);
  writeFileSync(join(dir, 'playbook.yml'), playbook);
  return { inv: join(dir, invName), pb: join(dir, 'playbook.yml'), texts: new Map([[invName, inv.text], ['playbook.yml', playbook]]) };
}

/** What every problem must be, whatever the input was. */
function assertWellFormed(problems: readonly SourceProblem[], texts: Map<string, string>): void {
  for (const p of problems) {
    const line = formatProblem(p);
    const text = texts.get(basename(p.file));
    assert.ok(text !== undefined && p.file.startsWith(dir), `problem names a file we did not write: ${line}`);
    const lineCount = text.split('\n').length;
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount + 1, `line ${p.line} outside 1..${lineCount + 1}: ${line}`);
    assert.ok(Number.isInteger(p.col) && p.col >= 1, `column ${p.col}: ${line}`);
    assert.ok(p.message.trim().length > 0, `empty message: ${line}`);
    assert.ok(!UNPRINTABLE.test(line), `unprintable byte in ${JSON.stringify(line)}`);
    assert.ok(p.path !== '' || WHOLE_FILE.test(p.message), `no field named: ${line}`);
  }
}

function check(files: { inv: string; pb: string; texts: Map<string, string> }): SourceProblem[] {
  const { problems } = checkProject([files.inv], files.pb, MODULE_CATALOG);
  assertWellFormed(problems, files.texts);
  return problems;
}

describe('loader properties (fast-check)', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-props-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('inventories mutated as text: no crash, every problem positioned and printable', () => {
    fc.assert(fc.property(mutatedText(INVENTORIES), (inv) => void check(write(inv, SEED_PLAYBOOK.text))), params());
  });

  it('inventories mutated as structure (well-formed YAML, wrong values): the same', () => {
    fc.assert(fc.property(mutatedStructure(INVENTORIES), (inv) => void check(write(inv, SEED_PLAYBOOK.text))), params());
  });

  it('playbooks mutated as text and as structure: the same', () => {
    const pb = fc.oneof(mutatedText(PLAYBOOKS), mutatedStructure(PLAYBOOKS));
    fc.assert(fc.property(pb, (p) => void check(write({ seed: SEED_INVENTORY, text: SEED_INVENTORY.text }, p.text))), params());
  });

  it('random bytes and random YAML values as an inventory: the same', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)));
    fc.assert(fc.property(text, (t) => void check(write({ seed: SEED_INVENTORY, text: t }, SEED_PLAYBOOK.text))), params());
  });

  it('--facts files mutated as JSON: a TsprovError naming the file, or facts render can read', () => {
    const good = { hosts: { h1: { facts: defaultFacts() } } };
    const facts = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([pick, v]) => {
        const copy = structuredClone(good) as unknown as Record<string, unknown>;
        const keys = Object.keys(defaultFacts());
        (((copy.hosts as Record<string, unknown>).h1 as Record<string, unknown>).facts as Record<string, unknown>)[keys[pick % keys.length]!] = v;
        return copy;
      }),
    );
    const text = fc.oneof(facts.map((f) => JSON.stringify(f)), fc.tuple(facts, fc.nat()).map(([f, cut]) => JSON.stringify(f).slice(0, cut % 200)));
    fc.assert(
      fc.property(text, (t) => {
        const file = join(dir, 'facts.json');
        writeFileSync(file, t);
        try {
          const f = readFacts(file, 'h1');
          assert.equal(typeof f.backend.detected, 'string');
        } catch (e) {
          assert.ok(e instanceof TsprovError, `not a TsprovError: ${String(e)}`);
          assert.ok(e.message.includes(file), e.message);
          assert.ok(!UNPRINTABLE.test(e.message), JSON.stringify(e.message));
        }
      }),
      params(),
    );
  });
});

describe('a rejected input never reaches a host', () => {
  const attempts: string[] = [];
  const saved = { connect: net.Socket.prototype.connect, cp: { ...childProcess } };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-props-run-'));
    // Refuse, and record, any socket or process: nothing leaves, even if a check were missing.
    net.Socket.prototype.connect = function (...args: unknown[]) {
      attempts.push(`connect ${JSON.stringify(args[0])}`);
      throw new Error('fuzz: no connection allowed');
    } as typeof net.Socket.prototype.connect;
    for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
      (childProcess as Record<string, unknown>)[name] = (...args: unknown[]) => {
        attempts.push(`${name} ${JSON.stringify(args[0])}`);
        throw new Error('fuzz: no process allowed');
      };
    }
    syncBuiltinESMExports();
  });
  after(() => {
    net.Socket.prototype.connect = saved.connect;
    Object.assign(childProcess, saved.cp);
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tsprov run on a mutated inventory or playbook that validate rejects: exit 1, nothing opened', async () => {
    const inputs = fc.oneof(
      mutatedText(INVENTORIES).map((inv) => ({ inv, pb: SEED_PLAYBOOK.text })),
      mutatedStructure(INVENTORIES).map((inv) => ({ inv, pb: SEED_PLAYBOOK.text })),
      fc.oneof(mutatedText(PLAYBOOKS), mutatedStructure(PLAYBOOKS)).map((p) => ({ inv: { seed: SEED_INVENTORY, text: SEED_INVENTORY.text }, pb: p.text })),
    );
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(inputs, async ({ inv, pb }) => {
        const files = write(inv, pb);
        if (check(files).length === 0) return;
        rejected++;
        const err: string[] = [];
        const ctx = { out: () => {}, err: (s: string) => void err.push(s), exitCode: ExitCode.ok as ExitCode };
        const program = buildProgram(ctx);
        await program.parseAsync(['run', files.pb, '-i', files.inv], { from: 'user' }).catch(() => (ctx.exitCode = ExitCode.internal));
        assert.deepEqual(attempts, [], 'a rejected input opened a socket or started a process');
        assert.equal(ctx.exitCode, ExitCode.usage, err.join('\n'));
        assert.ok(!err.join('\n').includes('internal error'), err.join('\n'));
      }),
      params(Math.ceil(RUNS / 2)),
    );
    assert.ok(rejected > RUNS / 8, `only ${rejected} rejected inputs were tried`);
  });
});
