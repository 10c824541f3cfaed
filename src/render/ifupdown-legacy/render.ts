/**
 * The `ifupdown-legacy` backend: the seed's Debian Sarge layout (modutils aliases/actions,
 * update-modules, `up ifenslave …` lines), rendered exactly where the host can run it, and the
 * working equivalent with a warning where it cannot (lab fixtures/legacy, NOTES.md):
 * - no `ifenslave` command (ifenslave ≥ 2.10): bond-slaves/bond-* lines for the package's hook;
 *   the hook creates the bond itself, so no module options and no max_bonds override are needed;
 * - no /etc/modutils: the same alias/options lines in /etc/modprobe.d/tsprov-bonding.conf;
 * - max_bonds=0 (systemd's /lib/modprobe.d/systemd.conf) while the module must create the bond:
 *   /etc/modprobe.d/zz-tsprov-bonding.conf with max_bonds=N, which sorts after systemd.conf.
 */
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { fileMarker, markerLine } from '../marker.ts';
import { bondsNeedingDown } from '../options-down.ts';
import { interfacesFiles } from '../interfaces/placement.ts';
import { addressStanzas, dnsLines, isV6, linkLines, printStanza } from '../ifupdown/addressing.ts';
import { ifenslaveLines, iprouteLines } from '../ifupdown/bond-lines.ts';
import type { RenderedFile, RenderInput, RenderOutput } from '../types.ts';
import { aliasLines, probeallLines, replaceOwnedLines, sharedOptionsLine } from './module-lines.ts';

export const MODUTILS_ALIASES = '/etc/modutils/aliases';
export const MODUTILS_ACTIONS = '/etc/modutils/actions';
export const MODPROBE_FILE = '/etc/modprobe.d/tsprov-bonding.conf';
export const MAX_BONDS_FILE = '/etc/modprobe.d/zz-tsprov-bonding.conf';

/** Seed order: address, netmask, hwaddress, gateway, (mtu, dns), then the enslaving lines. */
function legacyStanzas(bond: Bond, marker: boolean, enslave: string[]): string {
  return addressStanzas(bond, false)
    .map((s, k) => {
      if (k > 0) return printStanza(bond.name, s, s.lines, '');
      const gw = s.lines.filter((l) => l.startsWith('gateway '));
      const addr = s.lines.filter((l) => !l.startsWith('gateway '));
      const link = linkLines(bond, s.method);
      const hw = link.filter((l) => l.startsWith('hwaddress '));
      const mtu = link.filter((l) => !l.startsWith('hwaddress '));
      const opts = [...addr, ...hw, ...gw, ...mtu, ...dnsLines(bond), ...enslave];
      return (marker ? markerLine(bond.name) + '\n' : '') + `auto ${bond.name}\n` + printStanza(bond.name, s, opts, '');
    })
    .join('\n');
}

const commandLines = (b: Bond): string[] => [
  `up ifenslave ${b.name} ${b.slaves.join(' ')}`,
  `down ifenslave -d ${b.name} ${b.slaves.join(' ')}`,
];

function checkCommandMode(b: Bond): void {
  if (b.addressing.method === 'dhcp') {
    throw new TsprovError('E_RENDER_UNSUPPORTED', `${b.name}: dhcp with "up ifenslave" lines would ask for a lease before any slave is enslaved; use backend ifupdown`);
  }
  if (b.addressing.method === 'static' && b.addressing.addresses.filter((a) => !isV6(a)).length > 1) {
    throw new TsprovError('E_RENDER_UNSUPPORTED', `${b.name}: the Sarge layout has one IPv4 address per interface; use backend ifupdown for more`);
  }
}

function ownedFile(input: RenderInput, path: string, lines: string[] | null, what: string, reason: string): RenderedFile[] {
  if (lines === null) {
    return input.existing[path] != null ? [{ path, content: null, mode: '0644', reason: `no longer needed: ${reason}` }] : [];
  }
  const head = (input.marker ?? true) ? [fileMarker(what)] : [];
  return [{ path, content: [...head, ...lines].map((l) => l + '\n').join(''), mode: '0644', reason }];
}

export function renderLegacy(input: RenderInput): RenderOutput {
  const { env, bonds } = input;
  const marker = input.marker ?? true;
  const notes: PlanNote[] = [];
  const files: RenderedFile[] = [];
  const steps: RenderOutput['steps'] = [];
  const stanzas = new Map<string, string>();
  const names = bonds.map((b) => b.name).join(', ');
  if (bonds.length === 0) {
    // Only removals: the stanzas go; module options (alias, max_bonds) stay, harmless without a bond.
    const gone = (input.absent ?? []).map((b) => b.name).join(', ');
    if (gone) notes.push({ level: 'info', message: `ifupdown-legacy: ${gone} removed from the interfaces files; module alias/options lines are left as they are` });
    return { files: interfacesFiles(input, stanzas), notes, steps, reloadNeedsDown: [] };
  }

  if (!env.ifenslaveCommand) {
    notes.push({
      level: 'warn',
      message: `ifupdown-legacy: no ifenslave command on this host (ifenslave ≥ 2.10 ships none): "up ifenslave" lines cannot work here; rendered bond-slaves/bond-* options for ifenslave's if-pre-up.d hook instead, which creates ${names} itself, so no module options file is written`,
    });
    for (const b of bonds) stanzas.set(b.name, legacyStanzas(b, marker, [...iprouteLines(b), ...ifenslaveLines(b)]));
    files.push(...ownedFile(input, MODPROBE_FILE, null, '', 'bond options are in the iface stanza'));
    files.push(...ownedFile(input, MAX_BONDS_FILE, null, '', 'the hook creates the bond, max_bonds does not matter'));
  } else {
    bonds.forEach(checkCommandMode);
    const options = sharedOptionsLine(bonds);
    const aliases = [...aliasLines(bonds), options];
    for (const b of bonds) stanzas.set(b.name, legacyStanzas(b, marker, commandLines(b)));
    const bondSet = new Set(bonds.map((b) => b.name));
    const slaveSet = new Set(bonds.flatMap((b) => b.slaves));
    if (env.modutils) {
      const ownsAlias = (l: string): boolean => {
        const w = l.trim().split(/\s+/);
        return (w[0] === 'alias' && (bondSet.has(w[1] ?? '') || slaveSet.has(w[1] ?? ''))) || (w[0] === 'options' && w[1] === 'bonding');
      };
      const ownsProbe = (l: string): boolean => {
        const w = l.trim().split(/\s+/);
        return w[0] === 'probeall' && bondSet.has(w[1] ?? '');
      };
      const existingAliases = input.existing[MODUTILS_ALIASES] ?? null;
      const existingActions = input.existing[MODUTILS_ACTIONS] ?? null;
      const mark = marker ? [markerLine(bonds[0]!.name)] : [];
      const isMark = (l: string): boolean => marker && l === mark[0];
      const aliasesAfter = replaceOwnedLines(existingAliases, (l) => ownsAlias(l) || isMark(l), [...mark, ...aliases]);
      const actionsAfter = replaceOwnedLines(existingActions, (l) => ownsProbe(l) || isMark(l), [...mark, ...probeallLines(bonds)]);
      files.push({ path: MODUTILS_ALIASES, content: aliasesAfter, mode: '0644', reason: `module alias and options for ${names} (seed layout)` });
      files.push({ path: MODUTILS_ACTIONS, content: actionsAfter, mode: '0644', reason: `probeall for ${names} (seed layout)` });
      if (aliasesAfter !== existingAliases || actionsAfter !== existingActions) {
        steps.push({ command: ['update-modules'], reason: 'regenerate /etc/modules.conf from /etc/modutils' });
      }
    } else {
      notes.push({
        level: 'warn',
        message: `ifupdown-legacy: no /etc/modutils on this host (kmod reads /etc/modprobe.d): wrote the alias/options lines to ${MODPROBE_FILE}; "probeall" has no modprobe.d equivalent and update-modules does not exist`,
      });
      files.push(...ownedFile(input, MODPROBE_FILE, aliases, 'bonding module options', `module alias and options for ${names}`));
    }
    if (env.maxBondsZero) {
      notes.push({
        level: 'warn',
        message: `ifupdown-legacy: the modprobe config says max_bonds=0 (systemd's /lib/modprobe.d/systemd.conf), so loading bonding would create no ${names}; wrote ${MAX_BONDS_FILE} (sorts after systemd.conf) with max_bonds=${bonds.length}`,
      });
      files.push(...ownedFile(input, MAX_BONDS_FILE, [`options bonding max_bonds=${bonds.length}`], 'bonding max_bonds override', `let the bonding module create ${names}`));
    } else {
      files.push(...ownedFile(input, MAX_BONDS_FILE, null, '', 'max_bonds is not 0'));
    }
  }
  files.unshift(...interfacesFiles(input, stanzas));
  return { files, notes, steps, reloadNeedsDown: bondsNeedingDown(input) };
}
