/**
 * The nm backend (NetworkManager 1.42, Debian bookworm): one keyfile profile per bond and one per
 * slave in /etc/NetworkManager/system-connections, all owned by tsprov (`tsprov-` names, 0600 as
 * NM requires of keyfiles holding no secrets either). A profile already on the host that NM reads
 * the same as the rendered one is kept byte for byte: NM's own rewrites are no change.
 */
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { bondsNeedingDown } from '../options-down.ts';
import { refuseInexpressible } from '../unsupported.ts';
import type { RenderedFile, RenderInput, RenderOutput } from '../types.ts';
import { cleanUpProfiles } from './conflicts.ts';
import { removeProfiles } from './remove.ts';
import { sameProfile } from './keyfile.ts';
import { bondProfile, portProfile, type Profile } from './profiles.ts';
import { refuseNmProblems } from './rules.ts';
import { spelling } from './spelling.ts';

function file(p: Profile, existing: RenderInput['existing'], reason: string): RenderedFile {
  const before = existing[p.path];
  const content = typeof before === 'string' && sameProfile(before, p.text) ? before : p.text;
  return { path: p.path, content, mode: '0600', reason };
}

export function renderNm(input: RenderInput): RenderOutput {
  refuseInexpressible('nm', input.bonds, spelling);
  refuseNmProblems(input.bonds);
  const marker = input.marker ?? true;
  const files: RenderedFile[] = [];
  const notes: PlanNote[] = [];
  const ids = new Set<string>();
  for (const bond of input.bonds) {
    const profiles = [bondProfile(bond, marker), ...bond.slaves.map((s) => portProfile(bond, s, marker))];
    profiles.forEach((p, k) => {
      // Interface names may hold '-': bond "a" with slave "x-port-y" and bond "a-port-x" with slave "y" share a name.
      if (ids.has(p.id)) throw new TsprovError('E_RENDER_CONFLICT', `backend nm: two profiles would be named ${p.id}; rename a bond`);
      ids.add(p.id);
      notes.push(...p.notes);
      const reason = k === 0 ? `NetworkManager profile of bond ${bond.name}` : `NetworkManager profile of ${bond.slaves[k - 1]}, port of ${bond.name}`;
      files.push(file(p, input.existing, reason));
    });
  }
  const cleanup = cleanUpProfiles(input, files, ids);
  const removed = removeProfiles(input);
  const gone = new Set(removed.files.map((f) => f.path));
  return {
    files: [...files, ...cleanup.removed.filter((f) => !gone.has(f.path)), ...removed.files],
    notes: [...notes, ...cleanup.notes, ...removed.notes],
    steps: [],
    reloadNeedsDown: bondsNeedingDown(input),
  };
}
