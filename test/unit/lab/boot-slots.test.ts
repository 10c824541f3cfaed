/** The lab's boot limiter: one boot per core at a time on the machine, the rest wait their turn. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireBootSlot } from '../../../lab/boot-slots.ts';

// Slots of its own: the machine's are held by whatever lab VMs boot beside the unit tests.
process.env.LAB_BOOT_SLOT_DIR = mkdtempSync(join(tmpdir(), 'tsprov-boot-slots-test-'));

// A failed assertion must not leave slots held: the next test (and the next lab file in this
// process) would wait for them forever. Every slot taken is released in `finally`, and each test
// has a timeout of its own.
test('at most one boot per core runs; a queued boot starts when one ends, in arrival order', { timeout: 60_000 }, async () => {
  const slots = Number(process.env.LAB_BOOT_PARALLEL) || availableParallelism();
  const held = await Promise.all(Array.from({ length: slots }, () => acquireBootSlot()));
  const started: number[] = [];
  const waiting = [0, 1].map((i) => acquireBootSlot().then((release) => (started.push(i), release)));
  try {
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(started, [], 'all slots are taken: nobody else starts');
    held[0]!();
    held[0]!(); // releasing twice frees one slot only
    // The freed slot is taken through a machine-wide lock that is polled: wait for the waiter
    // itself rather than a fixed time (20 ms was too short on a loaded machine).
    const first = await waiting[0]!;
    assert.deepEqual(started, [0], 'the second waiter still waits: only one slot came free');
    first();
    await waiting[1]!;
    assert.deepEqual(started, [0, 1]);
  } finally {
    for (const r of held) r();
    for (const w of waiting) void w.then((release) => release());
  }
});

test('the limit holds across processes: another process waits until a slot here is freed', { timeout: 60_000 }, async () => {
  const slots = Number(process.env.LAB_BOOT_PARALLEL) || availableParallelism();
  const held = await Promise.all(Array.from({ length: slots }, () => acquireBootSlot()));
  const child = spawn(process.execPath, ['--import', 'tsx', '-e',
    "const m = await import('./lab/boot-slots.ts'); await m.acquireBootSlot(); console.log('acquired'); process.exit(0);"],
  { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  try {
    // Long enough for the child to start and try every slot several times.
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(out, '', 'every slot is held here: the other process must not get one');
    held[0]!();
    assert.equal(await exited, 0);
    assert.equal(out, 'acquired\n');
  } finally {
    child.kill();
    for (const r of held) r();
  }
});
