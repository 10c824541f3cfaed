/**
 * HostFacts: everything tsprov knows about a host before planning, gathered by ONE probe exec
 * and parsed by pure functions. Every field is typed; "unknown" is an explicit value, never a
 * missing key, so planners and preconditions can state why they decided something.
 */

/** Tristate of a kernel config symbol; 'unknown' when no config source could be read. */
export type KconfigValue = 'y' | 'm' | 'n' | 'unknown';
export type KernelConfigSource = 'boot-config' | 'proc-config.gz' | 'modules.builtin' | 'none';

export interface KernelFacts {
  release: string;
  configSource: KernelConfigSource;
  /** The file the verdict came from, e.g. "/proc/config.gz" (for evidence lines). */
  configPath: string | null;
  bonding: KconfigValue;
  mii: KconfigValue;
  /** The literal config line behind `bonding`, e.g. "# CONFIG_BONDING is not set". */
  bondingLine: string | null;
  miiLine: string | null;
}

export interface OsFacts {
  id: string;
  versionId: string;
  prettyName: string;
}

export interface BondingModuleFacts {
  /** /sys/module/bonding exists (loaded, or built in). */
  loaded: boolean;
  /** `modinfo bonding` succeeded, or a bonding.ko* exists for this kernel. */
  loadable: boolean;
  /** Listed in modules.builtin, or CONFIG_BONDING=y. */
  builtin: boolean;
  /** Where modinfo found it, when it did. */
  filename: string | null;
}

export type NicKind = 'physical' | 'bond' | 'veth' | 'loopback' | 'bridge' | 'vlan' | 'virtual';

export interface LinkToolResult {
  /** The tool is installed on the host. */
  present: boolean;
  /** Link detected by the tool: true/false, or null when the tool cannot tell (unsupported). */
  link: boolean | null;
  /** One-line summary, e.g. "negotiated 1000baseT-FD flow-control, link ok". */
  detail: string;
  speedMbps?: number | null;
  duplex?: 'full' | 'half' | null;
}

export interface NicFacts {
  name: string;
  mac: string | null;
  operstate: string;
  /** null when the kernel refuses to tell (interface administratively down: EINVAL). */
  carrier: boolean | null;
  speedMbps: number | null;
  duplex: 'full' | 'half' | null;
  driver: string | null;
  /** Name of the master (bond/bridge) this NIC is enslaved to, or null. */
  master: string | null;
  kind: NicKind;
  mtu: number | null;
  miiTool: LinkToolResult;
  ethtool: LinkToolResult;
}

export interface BondLacpPdu {
  systemPriority?: number;
  systemMac?: string;
  portKey?: number;
  operKey?: number;
  portPriority?: number;
  portNumber?: number;
  portState?: number;
}

export interface BondSlaveState {
  name: string;
  miiStatus?: 'up' | 'down' | 'going back' | 'going down' | string;
  /** Mbps; null when the kernel printed "Unknown". */
  speedMbps?: number | null;
  duplex?: 'full' | 'half' | null;
  linkFailureCount?: number;
  permanentHwAddr?: string;
  queueId?: number;
  aggregatorId?: number;
  actorChurnState?: string;
  partnerChurnState?: string;
  actorChurnedCount?: number;
  partnerChurnedCount?: number;
  actorLacpPdu?: BondLacpPdu;
  partnerLacpPdu?: BondLacpPdu;
}

export interface BondAd {
  lacpActive?: string;
  lacpRate?: string;
  minLinks?: number;
  aggregatorSelection?: string;
  systemPriority?: number;
  systemMac?: string;
  activeAggregator?: {
    aggregatorId?: number;
    numberOfPorts?: number;
    actorKey?: number;
    partnerKey?: number;
    partnerMac?: string;
  };
}

export interface BondState {
  name: string;
  /** e.g. "v6.1.0-56-amd64" or "v3.7.1 (April 27, 2011)". */
  driverVersion?: string;
  /** The kernel's text, e.g. "load balancing (round-robin)". */
  modeText?: string;
  /** Mode name as used in config ("balance-rr" …); undefined when the text is not recognised. */
  mode?: string;
  transmitHashPolicy?: string;
  miiStatus?: string;
  miiPollingMs?: number;
  upDelayMs?: number;
  downDelayMs?: number;
  peerNotificationDelayMs?: number;
  arpPollingMs?: number;
  arpIpTargets?: string[];
  arpMissedMax?: number;
  nsIp6Targets?: string[];
  /** active-backup only: "none" | "active" | "follow" when set. */
  failOverMac?: string;
  primarySlave?: string | null;
  primaryReselect?: string;
  currentlyActiveSlave?: string | null;
  ad?: BondAd;
  slaves: BondSlaveState[];
}

export const PACKAGE_NAMES = [
  'ifenslave',
  'ifupdown',
  'ifupdown2',
  'netplan.io',
  'systemd',
  'network-manager',
  'network-scripts',
  'iproute2',
  'ethtool',
  'net-tools',
] as const;
export type PackageName = (typeof PACKAGE_NAMES)[number];

export interface PackageFacts {
  installed: boolean;
  version?: string;
}

export interface PackagesFacts {
  manager: 'dpkg' | 'rpm' | 'none';
  packages: Record<PackageName, PackageFacts>;
}

export const COMMAND_NAMES = [
  'ifenslave',
  'ifup',
  'ip',
  'mii_tool',
  'ethtool',
  'update_modules',
  'systemd_run',
  'apt_get',
  'dnf',
  'modprobe',
  'modinfo',
  'networkctl',
  'netplan',
  'nmcli',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
export type CommandsFacts = Record<CommandName, boolean>;

export type DetectedBackend = 'ifupdown' | 'netplan' | 'networkd' | 'nm' | 'ifcfg' | 'unknown';
export interface BackendFacts {
  detected: DetectedBackend;
  /** Every backend whose service or generator acts on this host's config now (or at boot). */
  active: Array<Exclude<DetectedBackend, 'unknown'>>;
  /** Human-readable reasons, e.g. "/etc/network/interfaces present (12 lines)". */
  evidence: string[];
}

export interface ModprobeFacts {
  /** Effective max_bonds for the next load of bonding; null when nothing sets it (kernel default 1). */
  maxBonds: number | null;
  /** File (or "/proc/cmdline") the effective value came from. */
  source: string | null;
  /** Every `options bonding` line in effective order, as "file: line". */
  bondingOptions: string[];
}

export interface ManagementFacts {
  sshClientIp?: string;
  /** The host's own address the SSH session came in on (SSH_CONNECTION's third field). */
  sshServerIp?: string;
  /** Interface the host uses to reach the SSH client (`ip route get`). */
  interface?: string;
}

export interface HostFacts {
  /** Probe protocol version that produced these facts. */
  probeVersion: number;
  kernel: KernelFacts;
  os: OsFacts;
  bondingModule: BondingModuleFacts;
  nics: NicFacts[];
  bonds: Record<string, BondState>;
  /** Interface → its addresses (CIDRs, `ip -o addr show`); absent when the probe could not tell (no `ip`, protocol 1). */
  addresses?: Record<string, string[]>;
  packages: PackagesFacts;
  commands: CommandsFacts;
  backend: BackendFacts;
  modprobe: ModprobeFacts;
  modutils: { present: boolean };
  /** NetworkManager keyfile → the NIC its `interface-name=` binds (every keyfile, only that line). */
  nmInterfaces?: Record<string, string>;
  /** Current content of every config file a renderer may touch; null = known absent. */
  files: Record<string, string | null>;
  management: ManagementFacts;
  /** PID 1 is systemd. */
  systemd: boolean;
}
