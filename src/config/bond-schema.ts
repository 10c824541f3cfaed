/**
 * JSON Schema of one bond as written in inventory vars (flat: options sit beside name and mode).
 * Types, ranges and enums only; rules that need context (mode, other bonds) live in bond-rules.ts.
 */
const uint = (max?: number, min = 0) => ({ type: 'integer', minimum: min, ...(max !== undefined ? { maximum: max } : {}) });
const bool = { type: 'boolean' };
const strings = (maxItems?: number) => ({ type: 'array', items: { type: 'string' }, ...(maxItems ? { maxItems } : {}) });
const oneOf = (...values: string[]) => ({ type: 'string', enum: values });

/** Every BondOptions key with its schema; its keys are also the runtime list of option names. */
export const BOND_OPTION_SCHEMAS = {
  miimon: uint(),
  updelay: uint(),
  downdelay: uint(),
  peer_notif_delay: uint(),
  use_carrier: bool,
  arp_interval: uint(),
  arp_ip_target: strings(16),
  ns_ip6_target: strings(16),
  arp_validate: oneOf('none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'),
  arp_all_targets: oneOf('any', 'all'),
  primary: { type: 'string' },
  primary_reselect: oneOf('always', 'better', 'failure'),
  fail_over_mac: oneOf('none', 'active', 'follow'),
  xmit_hash_policy: oneOf('layer2', 'layer2+3', 'layer3+4', 'encap2+3', 'encap3+4', 'vlan+srcmac'),
  lacp_rate: oneOf('slow', 'fast'),
  lacp_active: bool,
  ad_select: oneOf('stable', 'bandwidth', 'count'),
  ad_actor_sys_prio: uint(65535, 1),
  ad_user_port_key: uint(1023),
  ad_actor_system: { type: 'string' },
  min_links: uint(),
  all_slaves_active: bool,
  resend_igmp: uint(255),
  num_grat_arp: uint(255),
  num_unsol_na: uint(255),
  packets_per_slave: uint(65535),
  tlb_dynamic_lb: bool,
  lp_interval: uint(2147483647, 1),
  coupled_control: bool,
} as const;

export type BondOptionName = keyof typeof BOND_OPTION_SCHEMAS;
export const BOND_OPTION_NAMES = Object.keys(BOND_OPTION_SCHEMAS) as BondOptionName[];

export const BOND_SCHEMA = {
  type: 'object',
  required: ['name'],
  // A bond being removed (`state: absent`) needs only its name; every other bond needs a mode.
  if: { properties: { state: { const: 'absent' } }, required: ['state'] },
  else: { properties: { mode: { type: ['string', 'integer'] } }, required: ['mode'] },
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    state: { type: 'string', enum: ['present', 'absent'] },
    mode: { type: ['string', 'integer'] },
    slaves: strings(),
    ...BOND_OPTION_SCHEMAS,
    address: { type: 'string' },
    addresses: strings(),
    dhcp: bool,
    gateway: { type: 'string' },
    gateway6: { type: 'string' },
    dns: strings(),
    dns_search: strings(),
    hwaddress: { type: 'string' },
    mtu: uint(65535, 68),
    slave_drivers: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const BOND_LIST_SCHEMA = { type: 'array', items: BOND_SCHEMA } as const;
