import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { TsprovError } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { showPath } from '../core/show-path.ts';
import type { ConfigFormat } from './defaults-file.ts';
import { resolveConfigPath } from './defaults-values.ts';

/**
 * Which defaults file is used; the first found wins and no other is read:
 *   1. $TSPROV_CONFIG (a file, or a directory holding tsprov.cfg or tsprov.yml; must exist)
 *   2. ./tsprov.cfg or ./tsprov.yml          3. ~/.tsprov.cfg or ~/.tsprov.yml
 * and only when none of those exists, ansible-core 2.14's own order (find_ini_config_file):
 *   4. $ANSIBLE_CONFIG (a file, or a directory holding ansible.cfg; skipped when missing)
 *   5. ./ansible.cfg    6. ~/.ansible.cfg    7. /etc/ansible/ansible.cfg
 * A current directory that is world-writable is skipped, as Ansible skips it (anyone could have
 * put a file there), with a warning when it holds one of those files. Two of tsprov's files in
 * one place (tsprov.cfg and tsprov.yml) are an error: which one is meant cannot be guessed.
 * Every place comes in as a parameter (tests pass their own); only the file system is read.
 */

export interface DiscoveryEnv {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  home: string;
  /** /etc/ansible on a real run. */
  etcAnsible: string;
}

export interface Discovered {
  file?: string;
  format?: ConfigFormat;
  /** How it was found: `named by $TSPROV_CONFIG`, `in the current directory`, … */
  from?: string;
  /** Printed always (stderr, `warning:`). */
  warnings: string[];
  /** Printed at -v: places that were looked at and passed over, and why. */
  notes: string[];
}

const exists = (p: string): boolean => {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
};
const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};
const readable = (p: string): boolean => {
  try {
    accessSync(p, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};
const ownFormat = (file: string): ConfigFormat => (/\.ya?ml$/u.test(file) ? 'tsprov-yaml' : 'tsprov-ini');

/** The one of `names` present in `dir`; both present is an error. */
function ownIn(dir: string, names: readonly [string, string]): string | undefined {
  const found = names.map((n) => join(dir, n)).filter(exists);
  if (found.length > 1) throw new TsprovError('E_CONFIG', `both ${found.map(showPath).join(' and ')} exist: keep one of them (tsprov reads only one defaults file)`, ExitCode.usage);
  return found[0];
}

export function findConfigFile(d: DiscoveryEnv): Discovered {
  const warnings: string[] = [];
  const notes: string[] = [];
  const path = (raw: string): string => resolveConfigPath(raw, { baseDir: d.cwd, cwd: d.cwd, home: d.home, env: d.env });
  const found = (file: string, format: ConfigFormat, from: string): Discovered => ({ file, format, from, warnings, notes });

  const own = d.env.TSPROV_CONFIG;
  if (own) {
    const p = path(own);
    if (isDir(p)) {
      const inside = ownIn(p, ['tsprov.cfg', 'tsprov.yml']);
      if (!inside) throw new TsprovError('E_CONFIG', `TSPROV_CONFIG names the directory ${showPath(p)}, which holds no tsprov.cfg or tsprov.yml`, ExitCode.usage);
      return found(inside, ownFormat(inside), 'named by $TSPROV_CONFIG');
    }
    if (!exists(p)) throw new TsprovError('E_CONFIG', `TSPROV_CONFIG names ${showPath(p)}, which does not exist`, ExitCode.usage);
    return found(p, ownFormat(p), 'named by $TSPROV_CONFIG');
  }

  let cwdOpen = true;
  try {
    cwdOpen = (statSync(d.cwd).mode & 0o002) === 0;
  } catch {
    cwdOpen = false; // an unreadable current directory is no source, as in Ansible
  }
  const skipped: string[] = [];
  if (cwdOpen) {
    const here = ownIn(d.cwd, ['tsprov.cfg', 'tsprov.yml']);
    if (here) return found(here, ownFormat(here), 'in the current directory');
  } else skipped.push(...['tsprov.cfg', 'tsprov.yml'].map((n) => join(d.cwd, n)).filter(exists));
  const home = ownIn(d.home, ['.tsprov.cfg', '.tsprov.yml']);
  if (home) return withSkipped(found(home, ownFormat(home), 'in the home directory'), skipped, d.cwd);

  const theirs = d.env.ANSIBLE_CONFIG;
  const candidates: Array<[string, string]> = [];
  if (theirs !== undefined) {
    const p = path(theirs);
    candidates.push([isDir(p) ? join(p, 'ansible.cfg') : p, 'named by $ANSIBLE_CONFIG']);
  }
  if (cwdOpen) candidates.push([join(d.cwd, 'ansible.cfg'), 'in the current directory']);
  else if (exists(join(d.cwd, 'ansible.cfg'))) skipped.push(join(d.cwd, 'ansible.cfg'));
  candidates.push([join(d.home, '.ansible.cfg'), 'in the home directory'], [join(d.etcAnsible, 'ansible.cfg'), 'the system-wide file']);
  for (const [file, from] of candidates) {
    if (exists(file) && readable(file)) {
      const r = found(file, 'ansible', from);
      return from === 'named by $ANSIBLE_CONFIG' ? r : withSkipped(r, skipped, d.cwd);
    }
    if (from === 'named by $ANSIBLE_CONFIG') notes.push(`ANSIBLE_CONFIG names ${showPath(file)}, which ${exists(file) ? 'cannot be read' : 'does not exist'}: looking further, as Ansible does`);
    else if (exists(file)) notes.push(`${showPath(file)} cannot be read: skipped, as Ansible skips it`);
  }
  return withSkipped({ warnings, notes }, skipped, d.cwd);
}

function withSkipped(r: Discovered, skipped: string[], cwd: string): Discovered {
  if (skipped.length) {
    r.warnings.push(`the current directory ${showPath(cwd)} is world-writable: ignoring ${skipped.map(showPath).join(', ')} there, as Ansible does (anyone could have written it; name the file in TSPROV_CONFIG or ANSIBLE_CONFIG to use it)`);
  }
  return r;
}
