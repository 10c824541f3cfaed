import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

// source.ts's PathSeg; importing it would make an import cycle (source.ts uses this file).
type PathSeg = string | number;

/** A YAML construct tsprov refuses: where it starts, the path it spells, and why. */
export interface StructureProblem {
  offset: number;
  path: PathSeg[];
  message: string;
}

/** Collections nested deeper than this are refused: no inventory or playbook needs a tenth of it. */
export const MAX_DEPTH = 100;

const CORE = 'tag:yaml.org,2002:';
// The tags whose values are plain JSON-like data; the rest (!!binary, !!set, !!omap, !!timestamp,
// Ansible's !vault and !unsafe, any local tag) would become values no rule downstream expects.
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => CORE + t));

function tagMessage(tag: string): string {
  const shown = tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag;
  const why = shown === '!vault' ? ' (Ansible Vault values are not supported: use a plain value or an environment lookup)'
    : shown === '!unsafe' ? ' (Ansible\'s !unsafe is not supported: tsprov templates every value)' : '';
  return `unsupported YAML tag ${JSON.stringify(shown)}${why}; only plain values, lists and mappings (!!str !!int !!float !!bool !!null !!seq !!map) are read`;
}

const isMergeKey = (key: unknown): boolean => isScalar(key) && typeof key.value === 'symbol';

const keyText = (key: unknown): string | undefined => (isMergeKey(key) ? '<<' : isScalar(key) ? String(key.value) : undefined);

/**
 * One linear walk over a parsed document that finds what yaml accepts but tsprov must not: keys
 * repeated in one mapping, lists or mappings used as keys, tags beyond plain data, merge keys
 * whose value is not a mapping, aliases that point into themselves (a cycle no JS value can
 * hold), and nesting past MAX_DEPTH. Each map gets one Set, so duplicate detection is linear;
 * yaml's own `uniqueKeys` is quadratic (150 s for a 100,000-host group). Keys compare as text
 * (`1` and `"1"` collide).
 */
export function structureProblems(doc: Document.Parsed): StructureProblem[] {
  const out: StructureProblem[] = [];
  // One mutable path and ancestor set: copying them at every node costs O(depth) each.
  const path: PathSeg[] = [];
  const open = new Set<unknown>();
  const report = (node: unknown, message: string, at: PathSeg[] = path): void => {
    out.push({ offset: (node as Node | null)?.range?.[0] ?? 0, path: [...at], message });
  };
  const checkMerge = (value: unknown): void => {
    const target = isAlias(value) ? value.resolve(doc) : value;
    // An alias with no anchor is reported as that, by walk.
    if (isMap(target) || (isAlias(value) && !target)) return;
    if (isSeq(target) && !isAlias(value) && target.items.every((i) => isMap(isAlias(i) ? i.resolve(doc) : i))) return;
    report(value, 'merge key << takes a mapping, an alias of one (<<: *defaults) or a list of them');
  };
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) report(node, `invalid YAML: alias *${node.source} has no anchor &${node.source} before it`);
      else if (open.has(target)) report(node, `alias *${node.source} points into its own anchor &${node.source}: the value would contain itself`);
      return;
    }
    const tag = (node as Node | null)?.tag;
    if (tag && !PLAIN_TAGS.has(tag)) return report(node, tagMessage(tag));
    if (!isMap(node) && !isSeq(node)) return;
    if (open.size >= MAX_DEPTH) return report(node, `nested deeper than ${MAX_DEPTH} levels of lists and mappings`);
    open.add(node);
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(pair.key);
        if (pair.key === null || (isScalar(pair.key) && pair.key.value === null && pair.key.source === '')) report(pair.value, 'a mapping key is missing (a line starting with ":"?)');
        else if (key === undefined) report(pair.key, 'a mapping key must be a plain value, not a list, mapping or alias');
        else if (seen.has(key)) report(pair.key, 'duplicate key (each key may appear only once in a mapping)', [...path, key]);
        else seen.add(key);
        if (isScalar(pair.key) && pair.key.tag && !PLAIN_TAGS.has(pair.key.tag)) report(pair.key, tagMessage(pair.key.tag), [...path, key ?? '?']);
        path.push(key ?? '?');
        if (isMergeKey(pair.key)) checkMerge(pair.value);
        walk(pair.value);
        path.pop();
      }
    } else {
      node.items.forEach((item, i) => {
        path.push(i);
        walk(item);
        path.pop();
      });
    }
    open.delete(node);
  };
  walk(doc.contents);
  return out;
}
