/** --shard: every host in exactly one shard, stable across inventories, near-even at scale. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inShard, parseShard, shardOf } from '../../../src/inventory/shard.ts';

const hosts = Array.from({ length: 10_000 }, (_, i) => `web${String(i).padStart(5, '0')}.dc${i % 7}.example`);

test('shards cover every host exactly once', () => {
  for (const n of [1, 2, 3, 8, 13]) {
    const seen = new Map<string, number>();
    for (let i = 1; i <= n; i++) for (const h of inShard(hosts, { index: i, count: n })) seen.set(h, (seen.get(h) ?? 0) + 1);
    assert.equal(seen.size, hosts.length, `n=${n}: every host in some shard`);
    assert.ok([...seen.values()].every((c) => c === 1), `n=${n}: no host in two shards`);
  }
});

test('a host keeps its shard when the inventory grows or is reordered', () => {
  const before = inShard(hosts.slice(0, 5000), { index: 3, count: 8 });
  const after = new Set(inShard([...hosts].reverse(), { index: 3, count: 8 }));
  assert.ok(before.every((h) => after.has(h)));
  assert.equal(shardOf('web1', 8), shardOf('web1', 8));
});

test('near-even at 10k hosts: every shard within 4 standard deviations of N/n (binomial)', () => {
  const n = 8;
  const sd = Math.sqrt(hosts.length * (1 / n) * (1 - 1 / n));
  for (let i = 1; i <= n; i++) {
    const size = inShard(hosts, { index: i, count: n }).length;
    assert.ok(Math.abs(size - hosts.length / n) < 4 * sd, `shard ${i}: ${size} of ${hosts.length}`);
  }
});

test('parseShard: I/N with 1 <= I <= N; anything else says what is expected', () => {
  assert.deepEqual(parseShard('2/8'), { index: 2, count: 8 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '-1/4', '1/100001', '']) assert.throws(() => parseShard(bad), /--shard expects I\/N/, bad);
});
