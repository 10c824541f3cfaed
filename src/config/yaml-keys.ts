import { isPair, isScalar, type Pair, type YAMLMap } from 'yaml';

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
