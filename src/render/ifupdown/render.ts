/**
 * The `ifupdown` backend (Debian/Ubuntu, ifupdown 0.8 + the ifenslave package's hooks): one
 * `auto` + `iface` stanza set per bond with `bond-*` options, slaves as `iface ethX inet manual`
 * without `bond-master`: the master's bond-slaves line does the enslaving, in one place, as on the
 * lab VMs. ifenslave's hook creates the bond with `ip link add`, so systemd's max_bonds=0 does
 * not matter and no modprobe file is written.
 */
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { markerLine } from '../marker.ts';
import { bondsNeedingDown } from '../options-down.ts';
import { interfacesFiles } from '../interfaces/placement.ts';
import type { RenderInput, RenderOutput } from '../types.ts';
import { addressStanzas, dnsLines, linkLines, printStanza } from './addressing.ts';
import { ifenslaveLines, iprouteLines, usesIproute } from './bond-lines.ts';

const INDENT = '    ';

/** The bond's own lines (slaves, mode, options) for its first stanza. */
export type BondLinesFn = (bond: Bond) => string[];

export const modernBondLines: BondLinesFn = (bond) => [...iprouteLines(bond), ...ifenslaveLines(bond)];

export function renderBondStanzas(bond: Bond, marker: boolean, cidr: boolean, bondLines: BondLinesFn, indent: string): string {
  const parts: string[] = [];
  const stanzas = addressStanzas(bond, cidr);
  stanzas.forEach((s, k) => {
    const opts = k === 0 ? [...s.lines, ...dnsLines(bond), ...linkLines(bond, s.method), ...bondLines(bond)] : s.lines;
    let text = printStanza(bond.name, s, opts, indent);
    if (k === 0) text = (marker ? markerLine(bond.name) + '\n' : '') + `auto ${bond.name}\n` + text;
    parts.push(text);
  });
  return parts.join('\n');
}

export function optionNotes(bond: Bond): PlanNote[] {
  const notes: PlanNote[] = [];
  const extra = usesIproute(bond);
  if (extra.length) {
    notes.push({
      level: 'info',
      message: `${bond.name}: ${extra.join(', ')} not in ifenslave's bond-* vocabulary; set by pre-up ip link lines before enslaving`,
    });
  }
  const a = bond.addressing;
  if (a.method === 'static' && (a.dns?.length || a.dns_search?.length)) {
    notes.push({ level: 'info', message: `${bond.name}: dns-nameservers/dns-search take effect only with resolvconf installed` });
  }
  return notes;
}

export function renderIfupdown(input: RenderInput): RenderOutput {
  const marker = input.marker ?? true;
  const stanzas = new Map<string, string>();
  const notes: PlanNote[] = [];
  for (const bond of input.bonds) {
    const slaves = bond.slaves.map((s) => `iface ${s} inet manual\n`);
    stanzas.set(bond.name, [renderBondStanzas(bond, marker, true, modernBondLines, INDENT), ...slaves].join('\n'));
    notes.push(...optionNotes(bond));
  }
  return { files: interfacesFiles(input, stanzas, { loopbackInNewFile: true }), notes, steps: [], reloadNeedsDown: bondsNeedingDown(input) };
}
