import type { HostStatus } from '../core/status.ts';
import type { HostResult } from '../engine/types.ts';

const ORDER: HostStatus[] = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rolled-back'];

export function counts(results: HostResult[]): Record<HostStatus, number> {
  const c = Object.fromEntries(ORDER.map((s) => [s, 0])) as Record<HostStatus, number>;
  for (const r of results) c[r.status]++;
  return c;
}

// Ansible's default callback writes each count as `name=%-4s`: log parsers written for its PLAY
// RECAP expect these fields in this order, so tsprov's own fields come only after them.
const field = (name: string, n: number | string): string => `${name}=${String(n).padEnd(4)}`;

/** Ansible's PLAY RECAP, one line per host, columns aligned; `changed` counts changed tasks. */
export function recap(results: HostResult[]): string {
  const width = Math.max(4, ...results.map((r) => r.host.length));
  const lines = ['RECAP'];
  for (const r of results) {
    const tasks = r.tasks;
    // An ignored failure counts as ok too, as in Ansible's recap (ok=…, ignored=…).
    const ok = tasks.filter((t) => t.status === 'ok' || t.ignored).length;
    const skipped = tasks.filter((t) => t.status === 'skipped').length + (r.status === 'skipped' ? 1 : 0);
    const cols = [
      field('ok', ok),
      field('changed', r.changed),
      field('unreachable', r.status === 'unreachable' ? 1 : 0),
      field('failed', r.status === 'failed' ? 1 : 0),
      field('skipped', skipped),
      // tsprov has no block/rescue; the column is kept so Ansible's parsers find it.
      field('rescued', 0),
      field('ignored', tasks.filter((t) => t.ignored).length),
      field('rolled-back', r.status === 'rolled-back' ? 1 : 0),
      `status=${r.status}`,
    ];
    lines.push(`${r.host.padEnd(width)} : ${cols.join(' ')}`);
  }
  return lines.join('\n');
}
