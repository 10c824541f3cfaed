/**
 * The `networkd` backend (systemd-networkd 252, Debian bookworm): per bond a .netdev that
 * creates it, a .network that addresses it and one .network per slave with Bond=, all owned by
 * tsprov (files.ts). Other files are read, never written (foreign.ts). Stale files of a declared
 * bond (a slave that left) are removed, found by their marker, so nothing else can be taken for
 * one.
 */
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { showPath } from '../../core/show-path.ts';
import { refuseInexpressible } from '../unsupported.ts';
import type { RenderedFile, RenderInput, RenderOutput } from '../types.ts';
import { bondFiles, NETWORKD_DIR, ownerOf } from './files.ts';
import { checkOtherFiles, otherUnitFiles, stillCreated } from './foreign.ts';
import { absentBonds, removedReason } from '../removal.ts';
import { bondsToRecreate } from './recreate.ts';
import { networkdSpelling, refuseValues } from './spelling.ts';

/** Two bonds whose names make one file name ("a" with slave "b-c", "a-b" with slave "c"). */
function refuseCollisions(files: RenderedFile[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    const before = seen.get(f.path);
    if (before !== undefined) throw new TsprovError('E_RENDER_CONFLICT', `${f.path} would hold two files (${before}; ${f.reason}): rename a bond`);
    seen.set(f.path, f.reason);
  }
}

/**
 * A file at one of tsprov's paths is rewritten only when it is tsprov's for the same bond (or
 * the marker is off, so ownership cannot be read); anything else there is someone's work.
 */
function refuseTakeover(files: RenderedFile[], input: RenderInput, owners: Map<string, string>): void {
  if (input.marker === false) return;
  const bad: string[] = [];
  for (const f of files) {
    const have = input.existing[f.path];
    if (have === undefined || have === null || have === f.content) continue;
    const owner = ownerOf(have);
    if (owner !== owners.get(f.path)) bad.push(`${showPath(f.path)} (${owner ? `tsprov's file for bond ${owner}` : 'no tsprov marker'})`);
  }
  if (bad.length > 0) {
    throw new TsprovError('E_RENDER_CONFLICT', `tsprov would overwrite ${bad.join(', ')}: move it away or remove the bond that owns it first`);
  }
}

/** tsprov's earlier files for a declared bond that this config no longer has, and every file of a removed bond. */
function staleFiles(input: RenderInput, wanted: Set<string>, declared: Set<string>, removed: Set<string>): RenderedFile[] {
  return Object.keys(input.existing)
    .filter((p) => p.startsWith(`${NETWORKD_DIR}/10-tsprov-`) && !wanted.has(p))
    .sort()
    .flatMap((path) => {
      const content = input.existing[path];
      const owner = content ? ownerOf(content) : undefined;
      if (owner !== undefined && removed.has(owner)) return [{ path, content: null, mode: '0644', reason: removedReason(owner) }];
      return owner !== undefined && declared.has(owner) ? [{ path, content: null, mode: '0644', reason: `no longer part of bond ${owner}` }] : [];
    });
}

function bondNotes(bond: Bond): PlanNote[] {
  const notes: PlanNote[] = [];
  const a = bond.addressing;
  if (a.method === 'static' && (a.dns?.length || a.dns_search?.length)) {
    notes.push({ level: 'info', message: `${bond.name}: DNS=/Domains= take effect only with systemd-resolved running (networkd hands them to it)` });
  }
  if (a.method === 'dhcp' && bond.hwaddress === undefined) {
    notes.push({ level: 'info', message: `${bond.name}: networkd gives the bond a MAC derived from its name, not a slave's: set hwaddress if the DHCP server must recognise it` });
  }
  return notes;
}

export function renderNetworkd(input: RenderInput): RenderOutput {
  refuseInexpressible('networkd', input.bonds, networkdSpelling);
  refuseValues(input.bonds);
  const marker = input.marker ?? true;
  const files: RenderedFile[] = [];
  const owners = new Map<string, string>();
  for (const bond of input.bonds) {
    for (const f of bondFiles(bond, marker)) {
      files.push(f);
      owners.set(f.path, bond.name);
    }
  }
  refuseCollisions(files);
  refuseTakeover(files, input, owners);
  const wanted = new Set(files.map((f) => f.path));
  const absent = absentBonds(input.absent);
  const stale = staleFiles(input, wanted, new Set(input.bonds.map((b) => b.name)), new Set(absent.map((b) => b.name)));
  const ours = new Set([...wanted, ...stale.map((f) => f.path)]);
  const others = otherUnitFiles(input.existing, ours);
  const notes = [...input.bonds.flatMap(bondNotes), ...checkOtherFiles(input.bonds, others), ...stillCreated(absent, others)];
  const recreate = bondsToRecreate(input, files);
  notes.push(...recreate.notes);
  return { files: [...files, ...stale], notes, steps: [], reloadNeedsDown: recreate.names };
}
