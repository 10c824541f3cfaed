/**
 * The module-loader side of the seed's layout: `alias`/`options` lines (modutils aliases or a
 * modprobe.d file), `probeall` lines (modutils actions), and a line editor for the shared
 * modutils files that replaces only the lines tsprov owns.
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import { BOND_MODES } from '../../config/bond-model.ts';
import { TsprovError } from '../../core/errors.ts';
import { dominantEol } from '../interfaces/parse.ts';
import type { OptionSpelling } from '../types.ts';
import { BOND_OPTION_NAMES } from '../../config/bond-schema.ts';

/** bonding's module parameters (drivers/net/bonding/bond_main.c module_param). */
const MODULE_PARAMS: ReadonlyArray<keyof BondOptions> = [
  'miimon', 'updelay', 'downdelay', 'use_carrier', 'arp_interval', 'arp_ip_target', 'arp_validate',
  'arp_all_targets', 'primary', 'primary_reselect', 'fail_over_mac', 'xmit_hash_policy', 'lacp_rate',
  'ad_select', 'min_links', 'all_slaves_active', 'resend_igmp', 'num_grat_arp', 'num_unsol_na',
  'packets_per_slave', 'tlb_dynamic_lb', 'lp_interval',
];

/** Only module parameters fit the seed's `options bonding` line; the rest cannot be expressed. */
export const spelling = Object.fromEntries(BOND_OPTION_NAMES.map((o) => [o, MODULE_PARAMS.includes(o) ? `options bonding ${o}=` : null])) as OptionSpelling;

function paramValue(v: BondOptions[keyof BondOptions]): string {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** `mode=0 miimon=100` — the mode by number, as the seed writes it. */
export function moduleParams(bond: Bond): string[] {
  const out = [`mode=${BOND_MODES.indexOf(bond.mode)}`];
  for (const k of Object.keys(bond.options) as Array<keyof BondOptions>) {
    if (bond.options[k] === undefined) continue;
    if (!MODULE_PARAMS.includes(k)) {
      throw new TsprovError(
        'E_RENDER_UNSUPPORTED',
        `${bond.name}: option ${k} is not a bonding module parameter, so the ifupdown-legacy layout (options bonding …) cannot set it; use backend ifupdown`,
      );
    }
  }
  for (const k of MODULE_PARAMS) {
    const v = bond.options[k];
    if (v !== undefined) out.push(`${k}=${paramValue(v)}`);
  }
  return out;
}

/** One `options bonding` line serves every module-created bond, so they must agree. */
export function sharedOptionsLine(bonds: Bond[]): string {
  const lines = bonds.map((b) => moduleParams(b).join(' '));
  if (new Set(lines).size > 1) {
    throw new TsprovError(
      'E_RENDER_CONFLICT',
      `bonds ${bonds.map((b) => b.name).join(', ')} need different bonding module options (${lines.join(' / ')}); one "options bonding" line cannot express that — use backend ifupdown`,
    );
  }
  const maxBonds = bonds.length > 1 ? ` max_bonds=${bonds.length}` : '';
  return `options bonding ${lines[0]}${maxBonds}`;
}

export function aliasLines(bonds: Bond[]): string[] {
  const out: string[] = [];
  for (const b of bonds) out.push(`alias ${b.name} bonding`);
  for (const b of bonds) {
    for (const s of b.slaves) {
      const drv = b.slave_drivers?.[s];
      if (drv !== undefined) out.push(`alias ${s} ${drv}`);
    }
  }
  return out;
}

export function probeallLines(bonds: Bond[]): string[] {
  return bonds.map((b) => `probeall ${b.name} ${b.slaves.join(' ')} bonding`);
}

/**
 * Replaces, in a shared line-based file, the lines `owns` claims with `lines` (LF), placed where
 * the first owned line was, else appended. Other lines keep their bytes.
 */
export function replaceOwnedLines(before: string | null, owns: (line: string) => boolean, lines: string[]): string {
  if (before === null || before === '') return lines.map((l) => l + '\n').join('');
  const eol = dominantEol(before);
  const block = lines.map((l) => l + eol).join('');
  const parts = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out: string[] = [];
  let placed = false;
  for (const p of parts) {
    if (!owns(p.replace(/\r?\n$/, ''))) {
      out.push(p);
    } else if (!placed) {
      out.push(block);
      placed = true;
    }
  }
  if (!placed) {
    const last = out[out.length - 1] ?? '';
    if (last !== '' && !last.endsWith('\n')) out.push(eol);
    out.push(block);
  }
  return out.join('');
}
