import type { BondAd, BondLacpPdu, BondSlaveState, BondState } from '../types.ts';

/** Kernel mode texts (drivers/net/bonding: bond_mode_name) → config mode names. */
const MODE_TEXTS: Record<string, string> = {
  'load balancing (round-robin)': 'balance-rr',
  'fault-tolerance (active-backup)': 'active-backup',
  'load balancing (xor)': 'balance-xor',
  'fault-tolerance (broadcast)': 'broadcast',
  'IEEE 802.3ad Dynamic link aggregation': '802.3ad',
  'transmit load balancing': 'balance-tlb',
  'adaptive load balancing': 'balance-alb',
};

function int(v: string): number | undefined {
  const m = /^-?\d+/.exec(v.trim());
  return m ? Number(m[0]) : undefined;
}
function noneToNull(v: string): string | null {
  return v === 'None' || v === '' ? null : v;
}
function speed(v: string): number | null {
  const n = int(v);
  return n === undefined ? null : n;
}
function duplex(v: string): 'full' | 'half' | null {
  const d = v.toLowerCase();
  return d === 'full' || d === 'half' ? d : null;
}

function setPdu(pdu: BondLacpPdu, key: string, value: string): void {
  const n = int(value);
  switch (key) {
    case 'system priority': pdu.systemPriority = n; break;
    case 'system mac address': pdu.systemMac = value; break;
    case 'port key': pdu.portKey = n; break;
    case 'oper key': pdu.operKey = n; break;
    case 'port priority': pdu.portPriority = n; break;
    case 'port number': pdu.portNumber = n; break;
    case 'port state': pdu.portState = n; break;
  }
}

function setSlave(s: BondSlaveState, key: string, value: string): void {
  switch (key) {
    case 'MII Status': s.miiStatus = value; break;
    case 'Speed': s.speedMbps = speed(value); break;
    case 'Duplex': s.duplex = duplex(value); break;
    case 'Link Failure Count': s.linkFailureCount = int(value); break;
    case 'Permanent HW addr': s.permanentHwAddr = value; break;
    case 'Slave queue ID': s.queueId = int(value); break;
    case 'Aggregator ID': s.aggregatorId = int(value); break;
    case 'Actor Churn State': s.actorChurnState = value; break;
    case 'Partner Churn State': s.partnerChurnState = value; break;
    case 'Actor Churned Count': s.actorChurnedCount = int(value); break;
    case 'Partner Churned Count': s.partnerChurnedCount = int(value); break;
  }
}

function setAd(ad: BondAd, key: string, value: string): void {
  switch (key) {
    case 'LACP active': ad.lacpActive = value; break;
    case 'LACP rate': ad.lacpRate = value; break;
    case 'Min links': ad.minLinks = int(value); break;
    case 'Aggregator selection policy (ad_select)': ad.aggregatorSelection = value; break;
    case 'System priority': ad.systemPriority = int(value); break;
    case 'System MAC address': ad.systemMac = value; break;
  }
}

function setAggregator(ad: BondAd, key: string, value: string): void {
  const agg = (ad.activeAggregator ??= {});
  switch (key) {
    case 'Aggregator ID': agg.aggregatorId = int(value); break;
    case 'Number of ports': agg.numberOfPorts = int(value); break;
    case 'Actor Key': agg.actorKey = int(value); break;
    case 'Partner Key': agg.partnerKey = int(value); break;
    case 'Partner Mac Address': agg.partnerMac = value; break;
  }
}

function setMaster(b: BondState, key: string, value: string): void {
  switch (key) {
    case 'Ethernet Channel Bonding Driver': b.driverVersion = value; break;
    case 'Bonding Mode': {
      // active-backup may append " (fail_over_mac active)".
      const fom = / \(fail_over_mac (\S+)\)$/.exec(value);
      if (fom) b.failOverMac = fom[1];
      const text = fom ? value.slice(0, fom.index) : value;
      b.modeText = text;
      b.mode = MODE_TEXTS[text];
      break;
    }
    case 'Transmit Hash Policy': b.transmitHashPolicy = value.replace(/ \(\d+\)$/, ''); break;
    case 'MII Status': b.miiStatus = value; break;
    case 'MII Polling Interval (ms)': b.miiPollingMs = int(value); break;
    case 'Up Delay (ms)': b.upDelayMs = int(value); break;
    case 'Down Delay (ms)': b.downDelayMs = int(value); break;
    case 'Peer Notification Delay (ms)': b.peerNotificationDelayMs = int(value); break;
    case 'ARP Polling Interval (ms)': b.arpPollingMs = int(value); break;
    case 'ARP IP target/s (n.n.n.n form)':
      b.arpIpTargets = value.split(',').map((t) => t.trim()).filter(Boolean);
      break;
    case 'ARP Missed Max': b.arpMissedMax = int(value); break;
    case 'NS IPv6 target/s (xx::xx form)':
      b.nsIp6Targets = value.split(',').map((t) => t.trim()).filter(Boolean);
      break;
    case 'Primary Slave': {
      const m = /^(\S+)(?: \(primary_reselect (\w+)\))?$/.exec(value);
      b.primarySlave = noneToNull(m?.[1] ?? value);
      if (m?.[2]) b.primaryReselect = m[2];
      break;
    }
    case 'Currently Active Slave': b.currentlyActiveSlave = noneToNull(value); break;
  }
}

type Context = 'master' | 'ad' | 'aggregator' | 'slave' | 'actor-pdu' | 'partner-pdu';

/**
 * Parses /proc/net/bonding/<name> for every mode and driver generation (v3.7.1 headers,
 * headerless kernel-doc samples, 802.3ad details). Unknown or missing fields stay undefined;
 * the parser never throws.
 */
export function parseProcBonding(name: string, text: string): BondState {
  const bond: BondState = { name, slaves: [] };
  let ctx: Context = 'master';
  let slave: BondSlaveState | undefined;
  for (const rawLine of text.split('\n')) {
    const indented = /^\s/.test(rawLine);
    const line = rawLine.trim();
    if (line === '') continue;
    if (!indented && (ctx === 'actor-pdu' || ctx === 'partner-pdu')) ctx = 'slave';
    if (!indented && ctx === 'aggregator') ctx = 'ad';
    if (line === '802.3ad info') { ctx = 'ad'; bond.ad ??= {}; continue; }
    if (line === 'Active Aggregator Info:') { ctx = 'aggregator'; bond.ad ??= {}; continue; }
    if (line === 'details actor lacp pdu:' && slave) { ctx = 'actor-pdu'; slave.actorLacpPdu = {}; continue; }
    if (line === 'details partner lacp pdu:' && slave) { ctx = 'partner-pdu'; slave.partnerLacpPdu = {}; continue; }
    // Keys may hold colons ("(xx::xx form)"): the separator is a colon at the end or before blanks.
    const kv = /^(.*?):(?:\s+(.*))?$/.exec(line);
    if (!kv?.[1]) continue;
    const key = kv[1].trim();
    const value = (kv[2] ?? '').trim();
    if (key === 'Slave Interface') {
      slave = { name: value };
      bond.slaves.push(slave);
      ctx = 'slave';
      continue;
    }
    if (ctx === 'actor-pdu' && slave?.actorLacpPdu) setPdu(slave.actorLacpPdu, key, value);
    else if (ctx === 'partner-pdu' && slave?.partnerLacpPdu) setPdu(slave.partnerLacpPdu, key, value);
    else if (ctx === 'slave' && slave) setSlave(slave, key, value);
    else if (ctx === 'aggregator' && bond.ad) setAggregator(bond.ad, key, value);
    else if (ctx === 'ad' && bond.ad) {
      setAd(bond.ad, key, value);
      setMaster(bond, key, value);
    } else setMaster(bond, key, value);
  }
  return bond;
}
