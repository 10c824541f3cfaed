import { createHash } from 'node:crypto';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A test host's own filesystem: overlays over /etc, /boot and /var (lower = this machine's, upper =
 * a per-host directory), plus a private /tmp. Everything a login changes in those trees lands in
 * the host's upper dirs, so treeHash() proves whether anything changed (check mode must not).
 */
// /usr/lib and /usr/local let a test host carry its own modules and tools; /run its own locks.
export const OVERLAID = ['/etc', '/boot', '/var', '/usr/lib', '/usr/local', '/run'] as const;

export interface TreeFile { path: string; content: string; mode?: number; group?: number }

export function treeLayout(hostDir: string) {
  return {
    upper: (top: string) => join(hostDir, 'upper', top.slice(1)),
    work: (top: string) => join(hostDir, 'work', top.slice(1)),
    tmp: join(hostDir, 'tmp'),
  };
}

export function createTree(hostDir: string): void {
  const l = treeLayout(hostDir);
  for (const top of OVERLAID) {
    mkdirSync(l.upper(top), { recursive: true, mode: 0o755 });
    mkdirSync(l.work(top), { recursive: true, mode: 0o755 });
  }
  mkdirSync(l.tmp, { recursive: true });
  chmodSync(l.tmp, 0o1777);
}

/** Where an absolute in-host path lives on this machine, before the host starts. */
export function hostPathToTree(hostDir: string, absPath: string): string {
  if (!absPath.startsWith('/') || absPath.split('/').includes('..')) throw new Error(`not a clean absolute path: ${absPath}`);
  const l = treeLayout(hostDir);
  if (absPath.startsWith('/tmp/')) return join(l.tmp, absPath.slice(5));
  const top = OVERLAID.find((t) => absPath.startsWith(t + '/'));
  if (!top) throw new Error(`test host files must live under ${OVERLAID.join(', ')} or /tmp: ${absPath}`);
  return join(l.upper(top), absPath.slice(top.length + 1));
}

export function writeTreeFiles(hostDir: string, files: TreeFile[]): void {
  for (const f of files) {
    const target = hostPathToTree(hostDir, f.path);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, f.content, { mode: f.mode ?? 0o644 });
    chmodSync(target, f.mode ?? 0o644);
    if (f.group !== undefined) chownSync(target, 0, f.group);
  }
}

/** Hash over the host's private trees: names, types, modes, owners, contents, link targets. */
export function hashTree(hostDir: string): string {
  const h = createHash('sha256');
  const l = treeLayout(hostDir);
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = lstatSync(full);
      h.update(`${rel}/${name}\0${st.mode}\0${st.uid}:${st.gid}\0${st.rdev}\0`);
      if (st.isDirectory()) walk(full, `${rel}/${name}`);
      else if (st.isSymbolicLink()) h.update(readlinkSync(full));
      else if (st.isFile()) h.update(readFileSync(full));
    }
  };
  for (const top of OVERLAID) walk(l.upper(top), top);
  walk(l.tmp, '/tmp');
  return h.digest('hex');
}
