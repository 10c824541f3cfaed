import { randomBytes } from 'node:crypto';

/** What a run id may hold: it names a directory on every host. */
export const RUN_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** Sortable and unique: `20261125T104500Z-3f9a1c`, safe as a directory name on every host. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
