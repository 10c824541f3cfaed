/**
 * `--shard i/n`: a stable partition of the resolved hosts, so an existing scheduler (a CI matrix,
 * Kubernetes Indexed Jobs, cron on several controllers) splits one fleet between n controllers.
 * A host's shard depends on its name alone (sha256, first 48 bits, modulo n): the same host lands
 * in the same shard whatever else the inventory holds, so adding hosts moves no existing host.
 * The price is balance: shards are even only in expectation (100k hosts: within about 1%; a
 * dozen hosts: can be lopsided).
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as a matrix job numbers its legs. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 100_000;

/** "2/8" → { index: 2, count: 8 }; throws a plain Error saying what is expected. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new Error(`--shard expects I/N with 1 <= I <= N <= ${MAX_SHARDS} (e.g. --shard 2/8: the second of 8 shards), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

export function shardOf(host: string, count: number): number {
  const h = createHash('sha256').update(host).digest();
  return (h.readUIntBE(0, 6) % count) + 1;
}

export function inShard(hosts: readonly string[], shard: Shard | undefined): string[] {
  return shard ? hosts.filter((h) => shardOf(h, shard.count) === shard.index) : [...hosts];
}
