/**
 * A small YAML writer for netplan files. Written by hand rather than through yaml's stringify so
 * the layout is fixed (block style, two-space indent, keys in the order given) and cannot drift
 * with a library upgrade, which would show every host as changed.
 */
import { parse } from 'yaml';

export type YValue = string | number | boolean | YValue[] | YMap;
export type YMap = Map<string, YValue>;

/** A map from pairs, skipping undefined values, so callers write only what the user set. */
export function ymap(entries: Array<[string, YValue | undefined]>): YMap {
  const m: YMap = new Map();
  for (const [k, v] of entries) if (v !== undefined) m.set(k, v);
  return m;
}

const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_.+/-]*$/;

/**
 * Plain when every reader takes it back as the same string: libyaml (netplan's C parser) reads
 * everything as text, but netplan's Python tools and PyYAML-based tooling resolve YAML 1.1 types,
 * where `no` is false and `10:20` a sexagesimal number. Anything else is double-quoted.
 */
function str(s: string): string {
  if (PLAIN.test(s) && parse(s, { version: '1.1' }) === s && parse(s) === s) return s;
  return JSON.stringify(s);
}

function scalar(v: string | number | boolean): string {
  return typeof v === 'string' ? str(v) : String(v);
}

const isMap = (v: YValue): v is YMap => v instanceof Map;

function entryLines(key: string, v: YValue, pad: string): string[] {
  const head = `${pad}${str(key)}:`;
  if (Array.isArray(v)) return v.length === 0 ? [`${head} []`] : [head, ...listLines(v, pad + '  ')];
  if (isMap(v)) return v.size === 0 ? [`${head} {}`] : [head, ...mapLines(v, pad + '  ')];
  return [`${head} ${scalar(v)}`];
}

function mapLines(m: YMap, pad: string): string[] {
  return [...m].flatMap(([k, v]) => entryLines(k, v, pad));
}

function listLines(items: YValue[], pad: string): string[] {
  return items.flatMap((item) => {
    if (isMap(item) && item.size > 0) {
      // `- ` opens the item; the map's later keys line up under its first.
      const [first, ...rest] = mapLines(item, pad + '  ');
      return [`${pad}- ${first!.slice(pad.length + 2)}`, ...rest];
    }
    // netplan's schema has no list of lists or empty list item: nothing here writes one.
    if (Array.isArray(item) || isMap(item)) throw new Error('netplan YAML writer: unsupported list item');
    return [`${pad}- ${scalar(item)}`];
  });
}

/** The document text, LF line ends, ending in a newline. */
export function toYaml(doc: YMap): string {
  return mapLines(doc, '').join('\n') + '\n';
}
