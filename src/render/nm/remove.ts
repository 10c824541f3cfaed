/**
 * Removing a bond (`state: absent`) on NetworkManager: tsprov's bond profile and every tsprov port
 * profile that names it as master (by interface or by the profile's UUID) go. Another profile of
 * the bond's that tsprov did not write stays, named in a note: NM would bring the bond back with it.
 */
import type { PlanNote } from '../../core/change.ts';
import { absentBonds, notOursNote, removedReason } from '../removal.ts';
import type { RenderedFile, RenderInput } from '../types.ts';
import { owned, profiles } from './conflicts.ts';
import { bondId, profileUuid } from './profiles.ts';

export function removeProfiles(input: RenderInput): { files: RenderedFile[]; notes: PlanNote[] } {
  const files: RenderedFile[] = [];
  const notes: PlanNote[] = [];
  const absent = absentBonds(input.absent);
  if (absent.length === 0) return { files, notes };
  const all = profiles(input.existing);
  for (const bond of absent) {
    const masters = new Set([bond.name, profileUuid(bondId(bond.name))]);
    for (const p of all) {
      const ofBond = p.ifname === bond.name || p.id === bondId(bond.name) || (p.bondPort && p.master !== undefined && masters.has(p.master));
      if (!ofBond) continue;
      if (owned(p)) files.push({ path: p.path, content: null, mode: '0600', reason: removedReason(bond.name) });
      else if (p.autoconnect || p.bondPort) notes.push(notOursNote(bond.name, p.path, p.bondPort ? 'makes a port of it' : 'configures it'));
    }
  }
  return { files, notes };
}
