/** One bond as a netplan v2 document: its slaves under `ethernets:`, the bond under `bonds:`. */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import { PARAMETER_ORDER, spelling } from './spelling.ts';
import { toYaml, ymap, type YMap, type YValue } from './yaml-out.ts';

function parameters(bond: Bond): YMap {
  const p = ymap([['mode', bond.mode]]);
  for (const opt of PARAMETER_ORDER) {
    const v: BondOptions[typeof opt] = bond.options[opt];
    const key = spelling[opt];
    // num_grat_arp and num_unsol_na share a key; refuseValues made sure they agree.
    if (v === undefined || key === null || p.has(key)) continue;
    p.set(key, Array.isArray(v) ? [...v] : v);
  }
  return p;
}

function addressing(bond: Bond): Array<[string, YValue | undefined]> {
  const a = bond.addressing;
  if (a.method === 'dhcp') return [['dhcp4', true]];
  if (a.method === 'manual') return [];
  // gateway4/gateway6 are deprecated since netplan 0.103: default routes instead.
  const routes: YMap[] = [];
  if (a.gateway !== undefined) routes.push(ymap([['to', 'default'], ['via', a.gateway]]));
  if (a.gateway6 !== undefined) routes.push(ymap([['to', 'default'], ['via', a.gateway6]]));
  const ns = ymap([
    ['addresses', a.dns?.length ? [...a.dns] : undefined],
    ['search', a.dns_search?.length ? [...a.dns_search] : undefined],
  ]);
  return [
    ['addresses', a.addresses.length ? [...a.addresses] : undefined],
    ['routes', routes.length ? routes : undefined],
    ['nameservers', ns.size ? ns : undefined],
  ];
}

export function bondDocument(bond: Bond): YMap {
  // netplan's default already; written so the file says plainly that a slave takes no address.
  const slave = (): YMap => ymap([['dhcp4', false], ['dhcp6', false]]);
  const def = ymap([
    ['interfaces', [...bond.slaves]],
    ['macaddress', bond.hwaddress],
    ['mtu', bond.mtu],
    ['parameters', parameters(bond)],
    ...addressing(bond),
  ]);
  return ymap([
    ['network', ymap([
      ['version', 2],
      ['ethernets', new Map(bond.slaves.map((s) => [s, slave()]))],
      ['bonds', new Map([[bond.name, def]])],
    ])],
  ]);
}

export function bondYaml(bond: Bond, header: string | null): string {
  return (header === null ? '' : header + '\n') + toYaml(bondDocument(bond));
}
