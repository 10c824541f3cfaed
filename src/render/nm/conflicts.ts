/**
 * Other configuration of the bonds' interfaces. tsprov never rewrites a file it does not own, so
 * a profile of someone else's that NM would activate on a bond or slave, or an ifupdown stanza
 * for one of them, stops the render with the file named. tsprov's own port profiles that no
 * longer fit (a slave dropped from its bond, or moved to another bond) are removed.
 */
import type { Bond } from '../../config/bond-model.ts';
import type { PlanNote } from '../../core/change.ts';
import { TsprovError } from '../../core/errors.ts';
import { parseInterfaces } from '../interfaces/parse.ts';
import { MAIN_INTERFACES, INTERFACES_DIR, sourcesInterfacesDir } from '../interfaces/placement.ts';
import type { RenderedFile, RenderInput } from '../types.ts';
import { get, parseKeyfile } from './keyfile.ts';
import { foundFiles } from '../ifcfg/others.ts';
import { bondId, NM_DIR, profileUuid } from './profiles.ts';

export interface NmProfile {
  path: string;
  id: string | undefined;
  uuid: string | undefined;
  ifname: string | undefined;
  master: string | undefined;
  bondPort: boolean;
  autoconnect: boolean;
}

export function profiles(existing: RenderInput['existing']): NmProfile[] {
  const out: NmProfile[] = [];
  for (const [path, text] of Object.entries(existing)) {
    if (!path.startsWith(`${NM_DIR}/`) || text === null) continue;
    const kf = parseKeyfile(text);
    const c = (k: string): string | undefined => get(kf, 'connection', k);
    // NM 1.46 renamed master/slave-type to controller/port-type and still reads both.
    const master = c('controller') ?? c('master');
    const portType = c('port-type') ?? c('slave-type');
    out.push({
      path,
      id: c('id'),
      uuid: c('uuid')?.toLowerCase(),
      ifname: c('interface-name'),
      master,
      bondPort: portType === 'bond' || (master !== undefined && portType === undefined),
      autoconnect: !/^(false|0)$/.test(c('autoconnect') ?? 'true'),
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** tsprov's own: its name, and the id NM keeps even when it rewrites the file without our marker. */
export function owned(p: NmProfile): boolean {
  const base = p.path.slice(NM_DIR.length + 1);
  return base.startsWith('tsprov-') && base === `${p.id}.nmconnection`;
}

export interface Cleanup {
  removed: RenderedFile[];
  notes: PlanNote[];
}

export function cleanUpProfiles(input: RenderInput, rendered: RenderedFile[], ids: Set<string>): Cleanup {
  const targets = new Set(rendered.map((f) => f.path));
  const bondOf = new Map<string, Bond>();
  for (const b of input.bonds) for (const s of b.slaves) bondOf.set(s, b);
  // A port's master may name the bond by interface or by the UUID of its profile.
  const masters = new Map<string, Bond>();
  for (const b of input.bonds) masters.set(b.name, b).set(profileUuid(bondId(b.name)), b);
  const uuids = new Set([...ids].map(profileUuid));
  const names = new Set([...input.bonds.map((b) => b.name), ...bondOf.keys()]);

  const removed: RenderedFile[] = [];
  const notes: PlanNote[] = [];
  const fights: string[] = [];
  for (const p of profiles(input.existing)) {
    if (targets.has(p.path)) continue;
    const from = p.master !== undefined ? masters.get(p.master) : undefined;
    const to = p.ifname !== undefined ? bondOf.get(p.ifname) : undefined;
    if (owned(p)) {
      if (!p.bondPort || (!from && !to)) continue;
      const why = to
        ? `${p.ifname} is now a slave of ${to.name}${from ? '' : ` (it was in ${p.master})`}`
        : `${p.ifname} is no longer a slave of ${from!.name}`;
      removed.push({ path: p.path, content: null, mode: '0600', reason: `remove tsprov's port profile ${p.id}: ${why}` });
      if (to && !from) notes.push({ level: 'warn', message: `${p.ifname} leaves bond ${p.master} for ${to.name}: tsprov's ${p.path} is removed` });
      continue;
    }
    const labels = [p.id !== undefined ? `id ${JSON.stringify(p.id)}` : '', p.uuid !== undefined ? `uuid ${p.uuid}` : ''].filter(Boolean);
    const what = labels.length ? `${p.path} (${labels.join(', ')})` : p.path;
    const ifname = p.ifname ?? 'an interface';
    if ((p.id !== undefined && ids.has(p.id)) || (p.uuid !== undefined && uuids.has(p.uuid))) {
      fights.push(`${what} has the id or UUID of a profile tsprov writes`);
    } else if (p.bondPort && from) {
      // autoconnect-slaves on tsprov's bond activates every port profile of it, autoconnect or not.
      fights.push(to ? `${what} is another port profile of ${ifname} in ${from.name}` : `${what} adds ${ifname} to ${from.name}`);
    } else if (p.autoconnect && p.ifname !== undefined && names.has(p.ifname)) {
      fights.push(p.bondPort ? `${what} makes ${ifname} a port of ${p.master} at boot` : `${what} activates on ${ifname} by itself (autoconnect)`);
    } else if (p.ifname !== undefined && names.has(p.ifname)) {
      notes.push({ level: 'info', message: `${ifname}: ${what} is left as is: it does not connect by itself, and tsprov activates its own profiles by name` });
    }
  }
  fights.push(...ifupdownFights(input, names), ...ifcfgFights(input, names, new Set(input.bonds.map((b) => b.name))));
  if (fights.length) {
    throw new TsprovError(
      'E_RENDER_CONFLICT',
      `backend nm: configuration tsprov does not own claims these interfaces: ${fights.join('; ')}. ` +
        'tsprov never rewrites a file it does not own: delete those profiles (nmcli connection delete uuid <UUID>) ' +
        '(one that only connects by itself may instead get connection.autoconnect no) or remove the ifupdown stanzas or ifcfg files, then run again',
    );
  }
  return { removed, notes };
}

/**
 * ifupdown brings up what /etc/network/interfaces declares at boot, and Debian's NetworkManager
 * (ifupdown plugin, managed=false) leaves those interfaces unmanaged: `nmcli connection up` fails.
 */
function ifupdownFights(input: RenderInput, names: Set<string>): string[] {
  const main = input.existing[MAIN_INTERFACES] ?? null;
  const files = Object.keys(input.existing)
    .filter((p) => p === MAIN_INTERFACES || (sourcesInterfacesDir(main) && p.startsWith(`${INTERFACES_DIR}/`)))
    .sort();
  const out: string[] = [];
  for (const path of files) {
    const text = input.existing[path];
    if (!text) continue;
    for (const b of parseInterfaces(text).blocks) {
      if (b.kind !== 'stanza' || b.keyword !== 'iface') continue;
      const name = b.head.words[1];
      if (name !== undefined && names.has(name)) out.push(`${path} configures ${name} (${b.head.words.join(' ')})`);
    }
  }
  return out;
}

/**
 * On RHEL 8/9 NetworkManager reads /etc/sysconfig/network-scripts/ifcfg-* itself (its ifcfg-rh
 * plugin): such a file for a bond or slave is a second profile for it, activated at boot when
 * ONBOOT allows. NM_CONTROLLED=no makes NM ignore the file.
 */
function ifcfgFights(input: RenderInput, names: Set<string>, bonds: Set<string>): string[] {
  const out: string[] = [];
  for (const f of foundFiles(input.existing)) {
    if (f.owner || /^no$/i.test(f.vars.get('NM_CONTROLLED') ?? '')) continue;
    const device = f.vars.get('DEVICE') || f.name;
    const master = f.vars.get('MASTER');
    if (names.has(device)) out.push(`${f.path} configures ${device} (NetworkManager reads ifcfg files through its ifcfg-rh plugin on RHEL)`);
    else if (master !== undefined && bonds.has(master)) out.push(`${f.path} adds ${device} to ${master} (MASTER=${master}; NetworkManager reads ifcfg files through its ifcfg-rh plugin on RHEL)`);
  }
  return out;
}
