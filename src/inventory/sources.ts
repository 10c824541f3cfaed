import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/**
 * What `-i` arguments name, resolved the way ansible-core 2.14's InventoryManager does: a
 * directory is every file in it (sorted, recursively, skipping what INVENTORY_IGNORE_EXTS and
 * the always-ignored names skip), a path that does not exist but holds a comma is a host list,
 * anything else one file. group_vars/ and host_vars/ are looked up beside each argument: in a
 * directory argument itself, else in the directory holding the file.
 */

export type InventorySource = { kind: 'file'; file: string; format: 'yaml' | 'ini' | 'sniff' } | { kind: 'hostlist'; text: string };

export interface ResolvedSources {
  sources: InventorySource[];
  /** Directories whose group_vars/ and host_vars/ apply, in -i order. */
  varsBases: string[];
}

// Ansible's REJECT_EXTS plus INVENTORY_IGNORE_EXTS' own additions: note `.ini` is among them, so
// an INI file inside an inventory directory must have no extension (or another one) to be read.
export const IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const IGNORED_NAMES = /^(?:\..*|host_vars|group_vars|vars_plugins)$/;
const YAML_EXTS = ['.yml', '.yaml', '.json'];

export function isIgnoredInDirectory(name: string): boolean {
  return IGNORED_NAMES.test(name) || IGNORED_EXTS.some((e) => name.endsWith(e));
}

/** Ansible's yaml plugin takes no extension or a YAML one; its ini plugin takes anything else. */
export function formatOf(file: string): 'yaml' | 'ini' | 'sniff' {
  const ext = extname(file);
  if (ext === '') return 'sniff';
  return YAML_EXTS.includes(ext) ? 'yaml' : 'ini';
}

function walkDir(dir: string, out: InventorySource[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // Unreadable: the file reader reports it with its reason.
    out.push({ kind: 'file', file: dir, format: 'yaml' });
    return;
  }
  for (const name of names) {
    if (isIgnoredInDirectory(name)) continue;
    const full = join(dir, name);
    if (isDir(full)) walkDir(full, out);
    else out.push({ kind: 'file', file: full, format: formatOf(full) });
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function resolveSources(args: readonly string[]): ResolvedSources {
  const sources: InventorySource[] = [];
  const varsBases: string[] = [];
  for (const arg of args) {
    if (!existsSync(arg) && arg.includes(',')) {
      sources.push({ kind: 'hostlist', text: arg });
      continue;
    }
    if (isDir(arg)) {
      walkDir(arg, sources);
      varsBases.push(arg);
    } else {
      sources.push({ kind: 'file', file: arg, format: formatOf(arg) });
      varsBases.push(dirname(arg));
    }
  }
  return { sources, varsBases };
}
