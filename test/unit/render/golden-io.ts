/** Reading and (with UPDATE_GOLDEN=1) writing golden case folders for the render tests. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const GOLDEN = new URL('../../golden/render/', import.meta.url).pathname;
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function caseDirs(unit: string): string[] {
  const root = join(GOLDEN, unit);
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .sort()
    .map((d) => join(root, d));
}

export const read = (p: string): string => readFileSync(p, 'utf8');

/** Files under dir, keyed by absolute host path ("/" + relative path). */
export function treeFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out['/' + relative(dir, p)] = read(p);
    }
  };
  walk(dir);
  return out;
}

export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const p = join(dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** Compares with the golden file, or writes it when UPDATE_GOLDEN=1. */
export function golden(path: string, actual: string): string {
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  return read(path);
}
