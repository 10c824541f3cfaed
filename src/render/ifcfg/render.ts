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
import { bondMarker, compose, keysOf, slaveMarker, type Composed } from './compose.ts';
import { bondKeys, bondManaged, slaveKeys, slaveManaged } from './keys.ts';
import { conflicts, foundFiles, ifcfgPath, leftSlaves, refuseUnfitNames } from './others.ts';
import { ifcfgSpelling } from './spelling.ts';

const MODE = '0644';

function takeoverNote(path: string, what: string, c: Composed): PlanNote[] {
  if (!c.takenOver) return [];
  const dropped = c.dropped.length ? `its ${c.dropped.join(', ')} give way to tsprov's keys` : 'no key gives way';
  const kept = c.kept.length ? `; kept as found: ${c.kept.join(', ')}` : '';
  return [{ level: 'warn', message: `${what}: taking over ${path}, which tsprov did not write: ${dropped}${kept}` }];
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
    files.push({ path: left.path, content: null, mode: MODE, reason: `${left.slave} is no longer a slave of ${left.bond}` });
    notes.push({ level: 'warn', message: `${left.bond}: ${left.slave} left its slaves; removing tsprov's ${left.path} leaves ${left.slave} unconfigured` });
  }
  return { files, notes, steps: [], reloadNeedsDown: bondsNeedingDown(input) };
}
