/** What every backend says when it takes a bond away (`state: absent`). */
import type { Bond } from '../config/bond-model.ts';
import type { PlanNote } from '../core/change.ts';
import { showPath } from '../core/show-path.ts';

export const removedReason = (bond: string): string => `bond ${bond} is removed (state: absent)`;

export const absentBonds = (absent: Bond[] | undefined): Bond[] => absent ?? [];

/** A file that still configures a removed bond but is not tsprov's: left as it is, and said. */
export function notOursNote(bond: string, path: string, what: string): PlanNote {
  return { level: 'warn', message: `${bond} is removed, but ${showPath(path)} ${what} and is not tsprov's: left as it is` };
}
