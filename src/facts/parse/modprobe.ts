import type { ModprobeFacts } from '../types.ts';

/**
 * kmod's search order (modprobe.d(5)). A file name in an earlier directory hides the same name
 * in later ones; the surviving files are then read in lexical order of their base name, so
 * /etc/modprobe.d/zz.conf is read after /lib/modprobe.d/systemd.conf.
 */
export const MODPROBE_DIRS = [
  '/etc/modprobe.d',
  '/run/modprobe.d',
  '/usr/local/lib/modprobe.d',
  '/lib/modprobe.d',
  '/usr/lib/modprobe.d',
] as const;

/** kmod ≤ 32 reads *.conf and *.alias (dot files ignored). */
function isConfigName(name: string): boolean {
  return !name.startsWith('.') && (name.endsWith('.conf') || name.endsWith('.alias'));
}

/** Effective config files in read order, from a path → content map. */
export function effectiveModprobeFiles(files: Record<string, string | null>): string[] {
  const chosen = new Map<string, string>();
  for (const dir of MODPROBE_DIRS) {
    for (const path of Object.keys(files).sort()) {
      if (files[path] === null || !path.startsWith(`${dir}/`)) continue;
      const name = path.slice(dir.length + 1);
      if (name.includes('/') || !isConfigName(name) || chosen.has(name)) continue;
      chosen.set(name, path);
    }
  }
  // kmod compares names with strcmp: plain code-unit order, not locale order.
  return [...chosen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => chosen.get(n) as string);
}

/** Joins backslash-continued lines and drops comments, as kmod's reader does. */
function logicalLines(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Effective max_bonds from `options bonding …` lines: the LAST max_bonds read wins. */
export function parseModprobe(files: Record<string, string | null>, cmdline: string | null): ModprobeFacts {
  const out: ModprobeFacts = { maxBonds: null, source: null, bondingOptions: [] };
  for (const path of effectiveModprobeFiles(files)) {
    for (const line of logicalLines(files[path] ?? '')) {
      const words = line.split(/\s+/);
      if (words[0] !== 'options' || words[1] !== 'bonding') continue;
      out.bondingOptions.push(`${path}: ${line}`);
      for (const w of words.slice(2)) {
        const m = /^max_bonds=(\d+)$/.exec(w);
        if (m) {
          out.maxBonds = Number(m[1]);
          out.source = path;
        }
      }
    }
  }
  // kmod appends `bonding.*` options from the kernel command line AFTER every file's, and the
  // last max_bonds wins: on a lab VM `modprobe --show-depends bonding` printed
  // `max_bonds=0 max_bonds=3 max_bonds=2` (systemd.conf, /etc zz.conf, cmdline) and two bonds came.
  for (const w of (cmdline ?? '').trim().split(/\s+/)) {
    if (!w.startsWith('bonding.')) continue;
    out.bondingOptions.push(`/proc/cmdline: ${w}`);
    const m = /^bonding\.max_bonds=(\d+)$/.exec(w);
    if (m) {
      out.maxBonds = Number(m[1]);
      out.source = '/proc/cmdline';
    }
  }
  return out;
}
