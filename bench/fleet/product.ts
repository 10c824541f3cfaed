/**
 * The CLI under test: a snapshot of this work tree (bin/, src/, the bundled playbooks …) with a
 * dist/ bundle built by scripts/build.mjs, under node_modules/.cache/ (ignored by git; npm
 * packages resolve from there). Not bin/tsprov.js in place, because bin/ runs the sources through
 * tsx whenever any file in src/ is newer than dist/: an edit during a bench would silently switch
 * half the scenarios to a 2-second start-up. The snapshot is what `npm ci` installs, frozen.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Product {
  /** node + this argv runs `tsprov` exactly as bin/tsprov.js does after `npm ci`. */
  bin: string;
  root: string;
  commit: string;
  /** `git status --porcelain` of src/ and bin/ at snapshot time: the bench measured uncommitted code. */
  uncommitted: string[];
}

const COPIED = ['bin', 'src', 'playbooks', 'inventories', 'schemas', 'package.json', 'tsconfig.json'];

export function snapshotProduct(repo: string): Product {
  const root = resolve(repo, 'node_modules/.cache/tsprov-bench');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const entry of COPIED) cpSync(join(repo, entry), join(root, entry), { recursive: true });
  // The real build script, run in the snapshot: the bundle is built after the copy, so bin/ finds
  // it fresh for the whole bench.
  execFileSync(process.execPath, [join(repo, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trimEnd();
  return {
    bin: join(root, 'bin/tsprov.js'),
    root,
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommitted: git('status', '--porcelain', '--', 'src', 'bin').split('\n').filter(Boolean),
  };
}
