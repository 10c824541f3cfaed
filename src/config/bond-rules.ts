import { BOND_MODES, normaliseMode, type BondMode } from './bond-model.ts';
import { BOND_OPTION_NAMES, type BondOptionName } from './bond-schema.ts';
import { modeRuleMessage, optionAppliesTo } from './bond-modes.ts';
import { inSubnet, isIPv4, isIPv6, MAC_RE, networkOf, parseCidr, parseIp, type Cidr } from './net.ts';
import { kmodNameProblem } from './host-values.ts';
import { DOMAIN_RE, ifNameMessage, isValidIfName } from './names.ts';
import type { PathSeg, ProblemSink } from './source.ts';
import type { ArgProblem } from './module-catalog.ts';

type Raw = Record<string, unknown>;
type Report = (path: PathSeg[], message: string, key?: boolean) => void;

const MODE_MESSAGE = `must be one of ${BOND_MODES.join(', ')} or 0–6`;

// The schema reports a wrong type; the rules run beside it and must not trip over one, so a
// list or mapping of the wrong type reads as empty and a non-text item is skipped.
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const mapOf = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

/**
 * Semantic rules for a `bonds:` list, run beside the schema check (which reports wrong types).
 * Each rule has its own message; all problems are reported, none stops the others.
 */
export function checkBonds(list: unknown, base: readonly PathSeg[], sink: ProblemSink): void {
  for (const p of bondProblems(list)) sink.add([...base, ...p.path], p.message, { key: p.key });
}

/** The same rules, as problems relative to the list (for a module's `check`). */
export function bondProblems(list: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  if (!Array.isArray(list)) return out;
  const report: Report = (path, message, key) => void out.push({ path, message, key });
  const names = new Map<string, number>();
  const slaveOwner = new Map<string, string>();
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object') return;
    const b = item as Raw;
    const at = (...p: PathSeg[]) => [i, ...p];
    if (typeof b.name === 'string') {
      if (!isValidIfName(b.name)) report(at('name'), ifNameMessage(b.name));
      const prev = names.get(b.name);
      if (prev !== undefined) report(at('name'), `duplicate bond name ${JSON.stringify(b.name)} (already defined at [${prev}])`);
      else names.set(b.name, i);
    }
    const mode = b.mode === undefined ? undefined : normaliseMode(b.mode as string | number);
    if (b.mode !== undefined && !mode) report(at('mode'), `${MODE_MESSAGE}; got ${JSON.stringify(b.mode)}`);
    // A bond being removed gives its slaves up: they may be listed again in another bond (a move).
    checkSlaves(b, at, report, b.state === 'absent' ? new Map() : slaveOwner);
    if (mode) checkModeOptions(b, mode, at, report);
    checkMonitors(b, at, report);
    checkAddressing(b, at, report);
    checkMacs(b, at, report);
  });
  return out;
}

function checkSlaves(b: Raw, at: (...p: PathSeg[]) => PathSeg[], report: Report, owner: Map<string, string>): void {
  // isValidIfName refuses a non-text item before it is used as one.
  const slaves = listOf(b.slaves) as string[];
  if (slaves.length === 0 && b.state !== 'absent') report(b.slaves === undefined ? at() : at('slaves'), 'bond has no slaves; list at least one interface in slaves');
  const seen = new Set<string>();
  slaves.forEach((s, j) => {
    if (!isValidIfName(s)) return report(at('slaves', j), ifNameMessage(s));
    if (s === b.name) return report(at('slaves', j), `a bond cannot be its own slave (${s})`);
    if (seen.has(s)) return report(at('slaves', j), `${s} is listed twice in slaves`);
    seen.add(s);
    const other = owner.get(s);
    if (other !== undefined && other !== b.name) report(at('slaves', j), `${s} is already a slave of ${other}; an interface can be in only one bond`);
    else owner.set(s, String(b.name));
  });
  if (typeof b.primary === 'string' && !isValidIfName(b.primary)) report(at('primary'), ifNameMessage(b.primary));
  else if (typeof b.primary === 'string' && !slaves.includes(b.primary)) {
    report(at('primary'), `must be one of the slaves (${slaves.join(', ') || 'none'}); got ${JSON.stringify(b.primary)}`);
  }
  for (const [nic, driver] of Object.entries(mapOf(b.slave_drivers))) {
    if (typeof driver !== 'string') continue;
    if (!slaves.includes(nic)) report(at('slave_drivers', nic), `${JSON.stringify(nic)} is not a slave of this bond`, true);
    else {
      const why = kmodNameProblem(driver);
      if (why) report(at('slave_drivers', nic), why);
    }
  }
}

function checkModeOptions(b: Raw, mode: BondMode, at: (...p: PathSeg[]) => PathSeg[], report: Report): void {
  for (const opt of BOND_OPTION_NAMES) {
    if (b[opt] !== undefined && !optionAppliesTo(opt as BondOptionName, mode)) report(at(opt), modeRuleMessage(opt, mode), true);
  }
}

function checkMonitors(b: Raw, at: (...p: PathSeg[]) => PathSeg[], report: Report): void {
  const miimon = typeof b.miimon === 'number' ? b.miimon : 0;
  const arp = typeof b.arp_interval === 'number' ? b.arp_interval : 0;
  if (miimon > 0 && arp > 0) report(at('arp_interval'), 'miimon and arp_interval are mutually exclusive; use one link monitor', true);
  const targets = listOf(b.arp_ip_target);
  if (arp > 0 && targets.length === 0) report(at('arp_interval'), 'arp_interval needs arp_ip_target (at least one IPv4 address to probe)', true);
  targets.forEach((t, j) => {
    if (typeof t === 'string' && !isIPv4(t)) report(at('arp_ip_target', j), `must be an IPv4 address; got ${JSON.stringify(t)}`);
  });
  listOf(b.ns_ip6_target).forEach((t, j) => {
    if (typeof t === 'string' && !isIPv6(t)) report(at('ns_ip6_target', j), `must be an IPv6 address; got ${JSON.stringify(t)}`);
  });
  for (const key of ['updelay', 'downdelay'] as const) {
    const v = b[key];
    if (typeof v === 'number' && miimon > 0 && v % miimon !== 0) {
      report(at(key), `must be a multiple of miimon (${miimon}); got ${v}`);
    }
  }
}

function checkAddressing(b: Raw, at: (...p: PathSeg[]) => PathSeg[], report: Report): void {
  if (b.address !== undefined && b.addresses !== undefined) report(at('addresses'), 'use either address or addresses, not both', true);
  const list = b.addresses !== undefined ? listOf(b.addresses) : b.address !== undefined ? [b.address] : [];
  const listPath = (j: number) => (b.addresses !== undefined ? at('addresses', j) : at('address'));
  if (b.dhcp === true && list.length > 0) report(at('dhcp'), 'dhcp: true cannot be combined with address/addresses', true);
  const nets: Cidr[] = [];
  list.forEach((a, j) => {
    if (typeof a !== 'string') return;
    const c = parseCidr(a);
    if (!c) report(listPath(j), `must be an address with prefix length (CIDR), e.g. 10.1.100.63/24 or 2001:db8::5/64; got ${JSON.stringify(a)}`);
    else nets.push(c);
  });
  for (const [key, family] of [['gateway', 4], ['gateway6', 6]] as const) {
    const gw = b[key];
    if (typeof gw !== 'string') continue;
    const ip = parseIp(gw);
    if (!ip || ip.family !== family) {
      report(at(key), `must be an IPv${family} address; got ${JSON.stringify(gw)}`);
      continue;
    }
    if (list.length === 0) {
      report(at(key), `${key} needs a static address (address or addresses)`, true);
      continue;
    }
    const mine = nets.filter((n) => n.family === family);
    const linkLocal = family === 6 && ip.addr >> 118n === 0x3fan;
    if (!linkLocal && !mine.some((n) => inSubnet(ip, n))) {
      const where = mine.length ? `the bond's subnet${mine.length > 1 ? 's' : ''} ${mine.map(networkOf).join(', ')}` : `any IPv${family} address of the bond`;
      report(at(key), `gateway ${gw} is outside ${where}`);
    }
  }
  // Only a static bond carries DNS in every backend's rendering; silently dropping it is worse.
  for (const key of ['dns', 'dns_search'] as const) {
    if (b[key] !== undefined && list.length === 0) report(at(key), `${key} needs a static address (address or addresses); with dhcp: true the DHCP server's name servers are used`, true);
  }
  listOf(b.dns).forEach((d, j) => {
    if (typeof d === 'string' && !parseIp(d)) report(at('dns', j), `must be an IP address; got ${JSON.stringify(d)}`);
  });
  listOf(b.dns_search).forEach((d, j) => {
    if (typeof d === 'string' && !DOMAIN_RE.test(d)) report(at('dns_search', j), `must be a domain name; got ${JSON.stringify(d)}`);
  });
}

function checkMacs(b: Raw, at: (...p: PathSeg[]) => PathSeg[], report: Report): void {
  for (const key of ['hwaddress', 'ad_actor_system'] as const) {
    const mac = b[key];
    if (typeof mac !== 'string') continue;
    if (!MAC_RE.test(mac)) report(at(key), `must be a MAC address like 00:02:B3:48:50:2C; got ${JSON.stringify(mac)}`);
    else if (parseInt(mac.slice(0, 2), 16) & 1) report(at(key), `must be a unicast MAC (first octet even); got ${mac}`);
  }
}
