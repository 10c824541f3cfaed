/** The lab's boot limiter: one boot per core at a time, the rest wait their turn in order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { acquireBootSlot } from '../../../lab/boot-slots.ts';

test('at most one boot per core runs; a queued boot starts when one ends, in arrival order', async () => {
  const slots = Number(process.env.LAB_BOOT_PARALLEL) || availableParallelism();
  const held = await Promise.all(Array.from({ length: slots }, () => acquireBootSlot()));
  const started: number[] = [];
  const waiting = [0, 1].map((i) => acquireBootSlot().then((release) => (started.push(i), release)));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(started, [], 'all slots are taken: nobody else starts');
  held[0]!();
  held[0]!(); // releasing twice frees one slot only
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(started, [0]);
  const first = await waiting[0]!;
  assert.deepEqual(started, [0], 'the second waiter still waits: only one slot came free');
  first();
  const second = await waiting[1]!;
  assert.deepEqual(started, [0, 1]);
  for (const r of [...held.slice(1), second]) r();
});
