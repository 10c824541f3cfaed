/**
 * BONDING_OPTS in RHEL network-scripts (initscripts 9.x / 10.x). install_bonding_driver in
 * network-functions splits the value on blanks into key=value words and writes each value to
 * /sys/class/net/<bond>/bonding/<key>: mode and miimon first, then the rest in the order written,
 * and only while the bond has no slaves; `primary` is written by ifup-eth after enslaving. So the
 * vocabulary is exactly the kernel's sysfs attributes (drivers/net/bonding/bond_sysfs.c), and
 * arp_ip_target takes a comma-separated list (added one by one with `+addr`).
 *
 * Not checked against a RHEL host (none is reachable here): this follows initscripts' source
 * (github.com/fedora-sysv/initscripts, network-scripts/) and the kernel's sysfs attribute list.
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import { TsprovError } from '../../core/errors.ts';
import type { OptionSpelling } from '../types.ts';

type Opt = keyof BondOptions;
type Format = (v: NonNullable<BondOptions[Opt]>) => string;

const plain: Format = (v) => String(v);
const bit: Format = (v) => (v ? '1' : '0');
const onOff: Format = (v) => (v ? 'on' : 'off');
const commas: Format = (v) => (v as string[]).join(',');

/** The sysfs attribute of each option, in the order BONDING_OPTS lists them (after mode). */
const SYSFS: ReadonlyArray<[Opt, Format, string]> = [
  ['miimon', plain, '<ms>'],
  ['updelay', plain, '<ms>'],
  ['downdelay', plain, '<ms>'],
  ['peer_notif_delay', plain, '<ms>'],
  ['use_carrier', bit, '0|1'],
  ['arp_interval', plain, '<ms>'],
  ['arp_ip_target', commas, '<ip>,<ip>'],
  ['arp_validate', plain, '<name>'],
  ['arp_all_targets', plain, 'any|all'],
  ['primary', plain, '<slave>'],
  ['primary_reselect', plain, '<name>'],
  ['fail_over_mac', plain, 'none|active|follow'],
  ['xmit_hash_policy', plain, '<name>'],
  ['lacp_rate', plain, 'slow|fast'],
  ['lacp_active', onOff, 'on|off'],
  ['ad_select', plain, '<name>'],
  ['ad_actor_sys_prio', plain, '<n>'],
  ['ad_user_port_key', plain, '<n>'],
  ['ad_actor_system', plain, '<mac>'],
  ['min_links', plain, '<n>'],
  ['all_slaves_active', bit, '0|1'],
  ['resend_igmp', plain, '<n>'],
  ['num_grat_arp', plain, '<n>'],
  ['num_unsol_na', plain, '<n>'],
  ['packets_per_slave', plain, '<n>'],
  ['tlb_dynamic_lb', bit, '0|1'],
  ['lp_interval', plain, '<s>'],
];

/**
 * ns_ip6_target and coupled_control exist only over netlink: the kernel never gave them a sysfs
 * attribute (its maintainers refuse new sysfs options), so initscripts has no way to set them.
 */
const NO_SYSFS: readonly Opt[] = ['ns_ip6_target', 'coupled_control'];

export const ifcfgSpelling: OptionSpelling = Object.fromEntries([
  ...SYSFS.map(([o, , shape]) => [o, `BONDING_OPTS ${o}=${shape}`]),
  ...NO_SYSFS.map((o) => [o, null]),
]) as OptionSpelling;

/**
 * `for arg in $BONDING_OPTS` splits on blanks and globs, and `${arg##*=}` takes the text after the
 * last `=`: a value holding any of those would be cut or expanded, so it is refused here rather
 * than written wrong (validation already keeps such values out).
 */
const UNSAFE_WORD = /[\s=*?[\]'"\\$`]/;

/** `mode=… miimon=… …`: only the options the user set, mode and miimon first as initscripts applies them. */
export function bondingOpts(bond: Bond): string {
  const words = [`mode=${bond.mode}`];
  for (const [o, fmt] of SYSFS) {
    const v = bond.options[o];
    if (v === undefined) continue;
    const value = fmt(v);
    if (value === '' || UNSAFE_WORD.test(value)) {
      throw new TsprovError('E_RENDER_UNSUPPORTED', `${bond.name}.${o}: ${JSON.stringify(value)} cannot be one BONDING_OPTS word (network-scripts splits it on blanks and "=")`);
    }
    words.push(`${o}=${value}`);
  }
  return words.join(' ');
}
