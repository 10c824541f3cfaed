import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';

// source.ts's PathSeg; importing it would make an import cycle (source.ts uses this file).
type PathSeg = string | number;

/** A repeated key: the offset of its second (third…) occurrence and the path it spells. */
export interface DuplicateKey {
  offset: number;
  path: PathSeg[];
}

/**
 * Every repeated key in the tree, in document order. This replaces yaml's `uniqueKeys`, which
 * compares each new key with every earlier key of its map: quadratic, 150 s for a 100,000-host
 * group. Here each map gets one Set, so the whole check is linear. Keys compare as text
 * (`1` and `"1"` collide), which is stricter than yaml's check and is what was reported before.
 */
export function duplicateKeys(root: unknown): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  // One mutable path, copied only for a duplicate: copying it at every node costs O(depth) each.
  const path: PathSeg[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && seen.has(key)) out.push({ offset: (pair.key as Node).range?.[0] ?? 0, path: [...path, key] });
        if (key !== undefined) seen.add(key);
        path.push(key ?? '?');
        walk(pair.value);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        walk(item);
        path.pop();
      });
    }
  };
  walk(root);
  return out;
}

// Parsed documents are never modified after loading, so a map's index stays valid for its life.
const indices = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * The first pair of `map` whose scalar key reads `key`. Positions are looked up once per host
 * (where it is declared) and once per problem; scanning a 100,000-entry `hosts:` map for each
 * would make loading quadratic, so each map is indexed on its first lookup.
 */
export function pairByKey(map: YAMLMap, key: string): Pair | undefined {
  let index = indices.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const k = String(p.key.value);
      // The first occurrence wins, as a linear search would find it (later ones are duplicates).
      if (!index.has(k)) index.set(k, p);
    }
    indices.set(map, index);
  }
  return index.get(key);
}
