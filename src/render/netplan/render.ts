/**
 * The `netplan` backend (Debian's netplan.io 0.106 with its default networkd renderer; Ubuntu):
 * one file per bond, /etc/netplan/90-tsprov-<bond>.yaml, holding the bond and its slaves. The
 * 90- prefix sorts it after the installer's and cloud-init's files. Every other netplan file is
 * read, never written: one that declares a bond or a slave makes the host refuse, naming it.
 */
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { fileMarker } from '../marker.ts';
import { refuseInexpressible } from '../unsupported.ts';
import type { RenderedFile, RenderInput, RenderOutput } from '../types.ts';
import { bondYaml } from './bond-yaml.ts';
import { scanForeign } from './foreign.ts';
import { absentBonds, notOursNote, removedReason } from '../removal.ts';
import { refuseValues, spelling } from './spelling.ts';

export const NETPLAN_DIR = '/etc/netplan';
const OWN_FILE = /^\/etc\/netplan\/90-tsprov-(.+)\.yaml$/;
const MARKER_PREFIX = '# Managed by tsprov';

export function bondFile(bond: string): string {
  return `${NETPLAN_DIR}/90-tsprov-${bond}.yaml`;
}

export function header(bond: string): string {
  return fileMarker(`netplan config of bond ${bond}`);
}

/** The bond a tsprov-written netplan file is for, or null when tsprov did not write it. */
function ownerOf(path: string, text: string): string | null {
  const m = OWN_FILE.exec(path);
  return m && text.startsWith(MARKER_PREFIX) ? m[1]! : null;
}

/**
 * networkd (bookworm's v252) sets a bond's parameters only when it creates the bond: an existing
 * one is used as it is. So any declared option the live bond shows differently, not only those
 * the kernel refuses live, means deleting the bond so networkd creates it again. Options the live
 * state does not show (fail_over_mac) are left to the reload, which deletes a bond whose
 * generated .netdev changed; counting them here would take a converged bond down on every run.
 */
function liveDiffers(before: Bond | undefined, after: Bond): boolean {
  if (!before) return false;
  if (before.mode !== after.mode) return true;
  return (Object.keys(after.options) as Array<keyof Bond['options']>).some((k) => {
    const live = before.options[k];
    return live !== undefined && after.options[k] !== undefined && JSON.stringify(live) !== JSON.stringify(after.options[k]);
  });
}

function refuseForeign(input: RenderInput, own: Set<string>): PlanNote[] {
  const scan = scanForeign(input.bonds, input.existing, own, ownerOf);
  if (scan.unparsable.length) {
    throw new TsprovError('E_RENDER_PARSE', `netplan file ${scan.unparsable.join('; ')} does not parse as YAML: netplan generate would stop on it too. Fix it first; tsprov does not edit it`);
  }
  if (scan.conflicts.length) {
    throw new TsprovError(
      'E_RENDER_CONFLICT',
      `netplan files tsprov does not own configure interfaces of ${input.bonds.map((b) => b.name).join(', ')}: ${scan.conflicts.join('; ')}. netplan would merge them with tsprov's definitions (or fail); take them out of those files yourself, tsprov never edits a netplan file it did not write`,
    );
  }
  if (scan.renderer && scan.renderer.value !== 'networkd') {
    throw new TsprovError(
      'E_RENDER_CONFLICT',
      `netplan hands its definitions to ${scan.renderer.value} (renderer set in ${scan.renderer.file}); tsprov's netplan backend brings bonds up through networkd: pin backend nm, or set renderer: networkd`,
    );
  }
  return scan.notes;
}

/** tsprov's own file of each removed bond goes; a file of that name it did not write stays, named. */
function removeFiles(input: RenderInput, marker: boolean): { files: RenderedFile[]; notes: PlanNote[] } {
  const files: RenderedFile[] = [];
  const notes: PlanNote[] = [];
  for (const bond of absentBonds(input.absent)) {
    const path = bondFile(bond.name);
    const before = input.existing[path];
    if (typeof before !== 'string') continue;
    if (marker && ownerOf(path, before) === null) notes.push(notOursNote(bond.name, path, 'may declare it'));
    else files.push({ path, content: null, mode: '0600', reason: removedReason(bond.name) });
  }
  return { files, notes };
}

function bondNotes(bond: Bond): PlanNote[] {
  const notes: PlanNote[] = [];
  const a = bond.addressing;
  if (a.method === 'static' && (a.dns?.length || a.dns_search?.length)) {
    notes.push({ level: 'info', message: `${bond.name}: nameservers reach /etc/resolv.conf only through systemd-resolved (networkd hands DNS to it)` });
  }
  if (bond.options.num_unsol_na !== undefined) {
    notes.push({ level: 'info', message: `${bond.name}: num_unsol_na is the kernel's alias of num_grat_arp; written as gratuitous-arp` });
  }
  return notes;
}

export function renderNetplan(input: RenderInput): RenderOutput {
  refuseInexpressible('netplan', input.bonds, spelling);
  refuseValues(input.bonds);
  const marker = input.marker ?? true;
  const own = new Set(input.bonds.map((b) => bondFile(b.name)));
  for (const path of own) {
    const before = input.existing[path];
    if (marker && typeof before === 'string' && ownerOf(path, before) === null) {
      throw new TsprovError('E_RENDER_CONFLICT', `${path} exists but tsprov did not write it (its first line is not tsprov's marker): move it away, tsprov does not overwrite it`);
    }
  }
  const notes = refuseForeign(input, own);
  const files: RenderedFile[] = [];
  for (const bond of input.bonds) {
    const path = bondFile(bond.name);
    files.push({
      path,
      content: bondYaml(bond, marker ? header(bond.name) : null),
      // netplan warns about files others can read: they may hold secrets (Wi-Fi keys).
      mode: '0600',
      reason: `${typeof input.existing[path] === 'string' ? '' : 'new file: '}bond ${bond.name} and its slaves ${bond.slaves.join(', ')} (tsprov's own netplan file; other netplan files untouched)`,
    });
    notes.push(...bondNotes(bond));
  }
  const removed = removeFiles(input, marker);
  const reloadNeedsDown = input.bonds.filter((b) => liveDiffers(input.previous?.[b.name], b)).map((b) => b.name);
  return { files: [...files, ...removed.files], notes: [...notes, ...removed.notes], steps: [], reloadNeedsDown };
}
