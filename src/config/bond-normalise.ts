import { normaliseMode, type Addressing, type Bond, type BondOptions } from './bond-model.ts';
import { BOND_OPTION_NAMES } from './bond-schema.ts';

/**
 * Flat YAML bond (already validated) → the typed model. Copies only what the user wrote: an unset
 * option stays unset so the kernel default applies and `inventory --host` can say so.
 */
export function toBond(raw: Record<string, unknown>): Bond {
  const options: Record<string, unknown> = {};
  for (const k of BOND_OPTION_NAMES) if (raw[k] !== undefined) options[k] = raw[k];
  const bond: Bond = {
    name: String(raw.name),
    // An absent bond may omit its mode; balance-rr only fills the type, nothing reads it.
    mode: normaliseMode((raw.mode ?? 0) as string | number)!,
    slaves: [...((raw.slaves as string[] | undefined) ?? [])],
    options: options as BondOptions,
    addressing: addressing(raw),
  };
  if (raw.state === 'absent') bond.state = 'absent';
  if (raw.hwaddress !== undefined) bond.hwaddress = String(raw.hwaddress);
  if (raw.mtu !== undefined) bond.mtu = Number(raw.mtu);
  if (raw.slave_drivers !== undefined) bond.slave_drivers = { ...(raw.slave_drivers as Record<string, string>) };
  return bond;
}

function addressing(raw: Record<string, unknown>): Addressing {
  if (raw.dhcp === true) return { method: 'dhcp' };
  const addresses = (raw.addresses as string[] | undefined) ?? (raw.address !== undefined ? [String(raw.address)] : []);
  if (addresses.length === 0) return { method: 'manual' };
  const a: Addressing = { method: 'static', addresses: [...addresses] };
  if (raw.gateway !== undefined) a.gateway = String(raw.gateway);
  if (raw.gateway6 !== undefined) a.gateway6 = String(raw.gateway6);
  if (raw.dns !== undefined) a.dns = [...(raw.dns as string[])];
  if (raw.dns_search !== undefined) a.dns_search = [...(raw.dns_search as string[])];
  return a;
}
