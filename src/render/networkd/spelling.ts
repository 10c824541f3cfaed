/**
 * The kernel bonding options as systemd-networkd's [Bond] keys (systemd.netdev(5), as
 * systemd 252 in Debian bookworm parses it: src/network/netdev/bond.c and netdev-gperf.gperf).
 * networkd sends these attributes only when it creates the bond, so what it leaves out of that
 * netlink message is decided there too; the checks below refuse what it would drop unseen.
 */
import type { Bond, BondOptions } from '../../config/bond-model.ts';
import { TsprovError } from '../../core/errors.ts';
import type { OptionSpelling } from '../types.ts';

type Opt = keyof BondOptions;

export const networkdSpelling: OptionSpelling = {
  miimon: 'MIIMonitorSec=<ms>ms',
  updelay: 'UpDelaySec=<ms>ms',
  downdelay: 'DownDelaySec=<ms>ms',
  // PeerNotifyDelaySec= came with systemd 256; 252 logs "unknown key" and ignores it.
  peer_notif_delay: null,
  use_carrier: null,
  arp_interval: 'ARPIntervalSec=<ms>ms',
  arp_ip_target: 'ARPIPTargets=',
  ns_ip6_target: null,
  arp_validate: 'ARPValidate=',
  arp_all_targets: 'ARPAllTargets=',
  primary: 'PrimarySlave=yes (in the slave\'s .network)',
  primary_reselect: 'PrimaryReselectPolicy=',
  fail_over_mac: 'FailOverMACPolicy=',
  xmit_hash_policy: 'TransmitHashPolicy=',
  lacp_rate: 'LACPTransmitRate=',
  lacp_active: null,
  ad_select: 'AdSelect=',
  ad_actor_sys_prio: 'AdActorSystemPriority=',
  ad_user_port_key: 'AdUserPortKey=',
  ad_actor_system: 'AdActorSystem=',
  min_links: 'MinLinks=',
  all_slaves_active: 'AllSlavesActive=',
  resend_igmp: 'ResendIGMP=',
  // One kernel value (num_peer_notif) behind both names, one key in networkd.
  num_grat_arp: 'GratuitousARP=',
  num_unsol_na: 'GratuitousARP=',
  packets_per_slave: 'PacketsPerSlave=',
  tlb_dynamic_lb: 'DynamicTransmitLoadBalancing=',
  // LearnPacketIntervalSec= is sent only beside a non-zero ARPIntervalSec=, and lp_interval
  // (balance-tlb/alb) never meets ARP monitoring (the other modes): it would always be dropped.
  lp_interval: null,
  coupled_control: null,
};

const ms = (v: number): string => `${v}ms`;
const yesNo = (v: boolean): string => (v ? 'yes' : 'no');

/** [Bond] keys in systemd.netdev(5)'s order, each with how its value is written. */
const BOND_KEYS: ReadonlyArray<[Opt, string, (v: never) => string]> = [
  ['xmit_hash_policy', 'TransmitHashPolicy', String],
  ['lacp_rate', 'LACPTransmitRate', String],
  // A bare number is seconds to networkd; the kernel counts these in milliseconds.
  ['miimon', 'MIIMonitorSec', ms],
  ['updelay', 'UpDelaySec', ms],
  ['downdelay', 'DownDelaySec', ms],
  ['ad_select', 'AdSelect', String],
  ['ad_actor_sys_prio', 'AdActorSystemPriority', String],
  ['ad_user_port_key', 'AdUserPortKey', String],
  ['ad_actor_system', 'AdActorSystem', String],
  ['fail_over_mac', 'FailOverMACPolicy', String],
  ['arp_validate', 'ARPValidate', String],
  ['arp_interval', 'ARPIntervalSec', ms],
  ['arp_ip_target', 'ARPIPTargets', (v: string[]) => v.join(' ')],
  ['arp_all_targets', 'ARPAllTargets', String],
  ['primary_reselect', 'PrimaryReselectPolicy', String],
  ['resend_igmp', 'ResendIGMP', String],
  ['packets_per_slave', 'PacketsPerSlave', String],
  ['all_slaves_active', 'AllSlavesActive', yesNo],
  ['tlb_dynamic_lb', 'DynamicTransmitLoadBalancing', yesNo],
  ['min_links', 'MinLinks', String],
];

/** The [Bond] section's lines: Mode= and the options the user set, nothing else. */
export function bondSectionLines(bond: Bond): string[] {
  const o = bond.options;
  const lines = [`Mode=${bond.mode}`];
  for (const [opt, key, fmt] of BOND_KEYS) {
    const v = o[opt];
    if (v !== undefined) lines.push(`${key}=${fmt(v as never)}`);
    // GratuitousARP= sits where systemd.netdev(5) lists it, after PacketsPerSlave=.
    if (opt === 'packets_per_slave') {
      const grat = o.num_grat_arp ?? o.num_unsol_na;
      if (grat !== undefined) lines.push(`GratuitousARP=${grat}`);
    }
  }
  return lines;
}

const AD_OR_ALB = new Set(['802.3ad', 'balance-tlb', 'balance-alb']);

/**
 * Values networkd 252 cannot write or would silently not send, one message each. Options whose
 * spelling is null are refused before this, by refuseInexpressible.
 */
export function valueProblems(bond: Bond): string[] {
  const o = bond.options;
  const out: string[] = [];
  const at = `${bond.name}.`;
  if (o.xmit_hash_policy === 'vlan+srcmac') out.push(`${at}xmit_hash_policy vlan+srcmac (networkd knows layer2, layer2+3, layer3+4, encap2+3, encap3+4)`);
  if (o.arp_validate?.startsWith('filter')) out.push(`${at}arp_validate ${o.arp_validate} (networkd knows none, active, backup, all)`);
  // networkd sends MIIMonitorSec= only when it is not 0, and setting these modes makes the
  // kernel turn a zero miimon into 100 ms.
  if (o.miimon === 0 && AD_OR_ALB.has(bond.mode)) out.push(`${at}miimon 0 in mode ${bond.mode} (networkd does not send a zero MIIMonitorSec=, and the kernel then uses 100 ms)`);
  if (o.arp_ip_target?.length && !(o.arp_interval && o.arp_interval > 0)) out.push(`${at}arp_ip_target without arp_interval > 0 (networkd sends ARPIPTargets= only with ARPIntervalSec=)`);
  if (o.fail_over_mac !== undefined && bond.mode !== 'active-backup') out.push(`${at}fail_over_mac in mode ${bond.mode} (networkd sends FailOverMACPolicy= only in active-backup)`);
  if (o.num_grat_arp !== undefined && o.num_unsol_na !== undefined && o.num_grat_arp !== o.num_unsol_na) {
    out.push(`${at}num_grat_arp ${o.num_grat_arp} with num_unsol_na ${o.num_unsol_na} (one kernel value, one GratuitousARP=: make them equal)`);
  }
  return out;
}

export function refuseValues(bonds: Bond[]): void {
  const bad = bonds.flatMap(valueProblems);
  if (bad.length) {
    throw new TsprovError('E_BACKEND_OPTION', `backend networkd cannot express ${bad.join('; ')}: change ${bad.length === 1 ? 'it' : 'them'} or pin another backend (docs/backends.md lists what each backend can set)`);
  }
}
