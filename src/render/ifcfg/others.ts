/**
 * The ifcfg files already on the host, as the fact probe read them, and what they say about the
 * interfaces tsprov is about to configure. network-scripts brings up every ifcfg-* file at boot
 * (by its DEVICE, else its name) and, for a bond, every file whose MASTER names it: a file tsprov
 * does not write that configures a bond or one of its slaves would fight tsprov's own file.
 */
import type { Bond } from '../../config/bond-model.ts';
import { TsprovError } from '../../core/errors.ts';
import { ownerOf, type Owner } from './compose.ts';
import { lastValues, parseIfcfg } from './shell-vars.ts';

export const IFCFG_DIR = '/etc/sysconfig/network-scripts/';
export const ifcfgPath = (name: string): string => `${IFCFG_DIR}ifcfg-${name}`;

/** Names network-scripts skips (is_ignored_file, __sed_discard_ignored_files in init.d/functions). */
const IGNORED = /(~|\.bak|\.old|\.orig|\.rpmnew|\.rpmorig|\.rpmsave)$/;

export interface FoundFile {
  path: string;
  /** The part after `ifcfg-`. */
  name: string;
  owner: Owner | undefined;
  vars: Map<string, string>;
  text: string;
}

export function foundFiles(existing: Record<string, string | null>): FoundFile[] {
  return Object.keys(existing)
    .filter((p) => p.startsWith(`${IFCFG_DIR}ifcfg-`) && !p.slice(IFCFG_DIR.length).includes('/') && !IGNORED.test(p))
    .sort()
    .flatMap((path) => {
      const text = existing[path];
      if (typeof text !== 'string') return [];
      return [{ path, name: path.slice(`${IFCFG_DIR}ifcfg-`.length), owner: ownerOf(text), vars: lastValues(parseIfcfg(text)), text }];
    });
}

/**
 * ifup runs ifup-<name without trailing digits> when such a script exists (TYPE=Bond has no case
 * in source_config): a bond named ppp0 or sit1 would be set up by the PPP or SIT script, not ifup-eth.
 */
const OTHER_SCRIPTS = new Set(['aliases', 'bnep', 'ctc', 'ib', 'ippp', 'ipv6', 'isdn', 'ovs', 'plip', 'plusb', 'post', 'ppp', 'routes', 'sit', 'tunnel', 'wireless']);

/**
 * Interface names an ifcfg file cannot carry: network-scripts reads `eth0:1` as an alias of eth0,
 * skips files named `*-range` and the ignored suffixes at boot, and owns `lo`.
 */
export function refuseUnfitNames(bonds: Bond[]): void {
  for (const name of bonds.flatMap((b) => [b.name, ...b.slaves])) {
    if (name.includes(':') || name.endsWith('-range') || IGNORED.test(name) || name === 'lo') {
      throw new TsprovError('E_RENDER_UNSUPPORTED', `interface ${name}: network-scripts cannot configure it from ifcfg-${name} (":" means an alias; "-range", backup suffixes and lo are skipped); rename it or pin another backend`);
    }
  }
  for (const { name } of bonds) {
    const type = name.replace(/[0-9]*$/, '');
    if (OTHER_SCRIPTS.has(type)) {
      throw new TsprovError('E_RENDER_UNSUPPORTED', `bond ${name}: network-scripts would bring it up with ifup-${type} instead of ifup-eth; rename the bond (e.g. bond0) or pin another backend`);
    }
  }
}

/**
 * Files tsprov does not own that configure a bond or slave it manages, or enslave another NIC to
 * one of its bonds. tsprov never rewrites a file it did not take over by name, so it refuses and
 * names the file.
 */
export function conflicts(bonds: Bond[], files: FoundFile[], rendered: ReadonlySet<string>): string[] {
  const bondNames = new Set(bonds.map((b) => b.name));
  const slaveOf = new Map(bonds.flatMap((b) => b.slaves.map((s) => [s, b.name] as const)));
  const out: string[] = [];
  for (const f of files) {
    if (f.owner) continue;
    const device = f.vars.get('DEVICE') || f.name;
    if (rendered.has(f.path)) {
      if (device !== f.name) {
        out.push(`${f.path} is named for ${f.name} but configures ${device} (DEVICE=${device}): tsprov would overwrite it; rename it to ifcfg-${device} first`);
      }
      continue;
    }
    const base = device.split(':')[0]!;
    const master = f.vars.get('MASTER');
    if (bondNames.has(device)) {
      out.push(`${f.path} also configures bond ${device} (DEVICE=${device}), which tsprov writes to ${ifcfgPath(device)}: remove that file first`);
    } else if (slaveOf.has(base)) {
      out.push(`${f.path} configures ${device} (DEVICE=${device}), a slave of ${slaveOf.get(base)} that tsprov writes to ${ifcfgPath(base)}: remove that file or move what it needs there first`);
    } else if (master !== undefined && bondNames.has(master)) {
      const slaves = bonds.find((b) => b.name === master)!.slaves;
      out.push(`${f.path} enslaves ${device} to ${master} (MASTER=${master}), but the inventory gives ${master} the slaves ${slaves.join(', ') || '(none)'}: add ${device} to them or remove that file`);
    }
  }
  return out;
}

/** Slave files tsprov wrote for one of these bonds whose NIC is no longer among its slaves. */
export function leftSlaves(bonds: Bond[], files: FoundFile[], rendered: ReadonlySet<string>): Array<{ path: string; slave: string; bond: string }> {
  const bondNames = new Set(bonds.map((b) => b.name));
  return files.flatMap((f) =>
    f.owner?.kind === 'slave' && bondNames.has(f.owner.bond) && !rendered.has(f.path) ? [{ path: f.path, slave: f.owner.slave, bond: f.owner.bond }] : [],
  );
}
