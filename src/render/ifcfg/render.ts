/**
 * The `ifcfg` backend (RHEL/CentOS 7–9 network-scripts, initscripts): one
 * /etc/sysconfig/network-scripts/ifcfg-<bond> with TYPE=Bond and BONDING_OPTS, one ifcfg-<slave>
 * per slave with MASTER=/SLAVE=yes; ifup-eth of the bond enslaves every file whose MASTER names it.
 * Files are 0644, as initscripts ships them. A slave's (or bond's) earlier ifcfg file of the same
 * name is taken over: tsprov's keys replace the ones it decides, the other keys and comments stay.
 * Any other file that configures those interfaces is refused by name, never edited.
 */
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { bondsNeedingDown } from '../options-down.ts';
import type { RenderedFile, RenderInput, RenderOutput } from '../types.ts';
import { refuseInexpressible } from '../unsupported.ts';
import type { Bond } from '../../config/bond-model.ts';
import { absentBonds, removedReason } from '../removal.ts';
import { bondMarker, compose, earlierFile, keysOf, slaveMarker, type Composed } from './compose.ts';
import { bondKeys, bondManaged, slaveKeys, slaveManaged } from './keys.ts';
import { conflicts, foundFiles, ifcfgPath, leftSlaves, refuseUnfitNames, type FoundFile } from './others.ts';
import { ifcfgSpelling } from './spelling.ts';

const MODE = '0644';

function takeoverNote(path: string, what: string, c: Composed): PlanNote[] {
  if (!c.takenOver) return [];
  const dropped = c.dropped.length ? `its ${c.dropped.join(', ')} give way to tsprov's keys` : 'no key gives way';
  const kept = c.kept.length ? `; kept as found: ${c.kept.join(', ')}` : '';
  return [{ level: 'warn', message: `${what}: taking over ${path}, which tsprov did not write: ${dropped}${kept}` }];
}

/**
 * A removed bond's files: tsprov's bond file goes; a slave file goes too, or becomes again the
 * earlier file tsprov took over (its replaced lines uncommented).
 */
function removedFiles(absent: Bond[], found: FoundFile[]): RenderedFile[] {
  const names = new Set(absent.map((b) => b.name));
  return found.flatMap((f) => {
    if (!f.owner || !names.has(f.owner.bond)) return [];
    const earlier = f.owner.kind === 'slave' ? earlierFile(f.text) : null;
    const why = earlier === null ? removedReason(f.owner.bond) : `${removedReason(f.owner.bond)}: ${f.name}'s earlier file comes back`;
    return [{ path: f.path, content: earlier, mode: MODE, reason: why }];
  });
}

export function renderIfcfg(input: RenderInput): RenderOutput {
  refuseInexpressible('ifcfg', input.bonds, ifcfgSpelling);
  refuseUnfitNames(input.bonds);
  const useMarker = input.marker ?? true;
  const existing = input.existing;
  const found = foundFiles(existing);
  const rendered = new Set(input.bonds.flatMap((b) => [b.name, ...b.slaves].map(ifcfgPath)));
  const problems = conflicts(input.bonds, found, rendered);
  if (problems.length) throw new TsprovError('E_RENDER_CONFLICT', problems.join('\n'));

  const files: RenderedFile[] = [];
  const notes: PlanNote[] = [];
  for (const bond of input.bonds) {
    const path = ifcfgPath(bond.name);
    const ours = bondKeys(bond, notes);
    const c = compose(existing[path], ours, useMarker ? bondMarker(bond.name) : undefined, bondManaged(bond, keysOf(ours)));
    files.push({ path, content: c.content, mode: MODE, reason: `bond ${bond.name} (network-scripts)` });
    notes.push(...takeoverNote(path, bond.name, c));
    for (const slave of bond.slaves) {
      const sp = ifcfgPath(slave);
      const sc = compose(existing[sp], slaveKeys(slave, bond), useMarker ? slaveMarker(slave, bond.name) : undefined, slaveManaged);
      files.push({ path: sp, content: sc.content, mode: MODE, reason: `${slave}: slave of ${bond.name}` });
      notes.push(...takeoverNote(sp, `${bond.name} slave ${slave}`, sc));
    }
  }
  for (const left of leftSlaves(input.bonds, found, rendered)) {
    const earlier = earlierFile(existing[left.path] ?? '');
    files.push({ path: left.path, content: earlier, mode: MODE, reason: `${left.slave} is no longer a slave of ${left.bond}` });
    const after = earlier === null ? `removing tsprov's ${left.path} leaves ${left.slave} unconfigured` : `${left.path} becomes again the file tsprov took over`;
    notes.push({ level: 'warn', message: `${left.bond}: ${left.slave} left its slaves; ${after}` });
  }
  files.push(...removedFiles(absentBonds(input.absent), found));
  return { files, notes, steps: [], reloadNeedsDown: bondsNeedingDown(input) };
}
