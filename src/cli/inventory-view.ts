import { stringify } from 'yaml';
import type { Host } from '../core/host.ts';
import { BOND_OPTION_NAMES } from '../config/bond-schema.ts';
import { KERNEL_DEFAULTS, optionAppliesTo } from '../config/bond-modes.ts';
import { hostBackend, hostBonds, isSecretKey, MASK, maskSecrets, type Inventory } from '../inventory/index.ts';

/** `@all:` tree like ansible-inventory --graph; hosts directly under `all` sit in `@ungrouped`. */
export function graphLines(inv: Inventory, names: readonly string[]): string[] {
  const lines = ['@all:'];
  // A Set: `names` may hold the whole fleet, and every group's hosts are checked against it.
  const shown = new Set(names);
  const walk = (group: string, indent: string): void => {
    const g = inv.groups.get(group);
    if (!g) return;
    for (const c of [...g.children].sort()) {
      lines.push(`${indent}|--@${c}:`);
      walk(c, `${indent}|  `);
    }
    for (const h of g.hosts) if (shown.has(h)) lines.push(`${indent}|--${h}`);
  };
  const all = inv.groups.get('all')!;
  // `ungrouped` comes last, with the hosts that sit only in `all` (ansible-inventory's layout).
  for (const c of [...all.children].filter((n) => n !== 'ungrouped').sort()) {
    lines.push(`  |--@${c}:`);
    walk(c, '  |  ');
  }
  const ungrouped = (inv.groups.get('ungrouped')?.hosts ?? []).filter((h) => shown.has(h));
  if (ungrouped.length) {
    lines.push('  |--@ungrouped:');
    for (const h of ungrouped) lines.push(`  |  |--${h}`);
  }
  return lines;
}

/** The vars each part of the connection line comes from: a part is masked when any of them is secret. */
const SOURCES = {
  user: ['user', 'ansible_user'],
  address: ['address', 'ansible_host'],
  port: ['port', 'ansible_port'],
  becomeUser: ['become_user', 'ansible_become_user'],
  jump: ['jump_host', 'ansible_ssh_common_args'],
} as const;

/** `ssh user@address:port, become, via jump`: the same masking rule as the vars below it. */
export function connectionLine(h: Host): string {
  const c = h.connection;
  if (c.type === 'local') return 'local';
  const show = (part: keyof typeof SOURCES, value: string | number): string => (SOURCES[part].some((k) => isSecretKey(k, h)) ? MASK : String(value));
  const parts = [`ssh ${c.user ? `${show('user', c.user)}@` : ''}${show('address', c.address)}${c.port ? `:${show('port', c.port)}` : ''}`];
  if (c.become) parts.push(`become${c.becomeUser ? ` ${show('becomeUser', c.becomeUser)}` : ''}`);
  if (c.jump) parts.push(`via ${show('jump', c.jump)}`);
  if (c.hostKeyChecking) parts.push(`host keys ${c.hostKeyChecking}`);
  return parts.join(', ');
}

/** `inventory --host`: resolved vars (secrets masked), then each bond with the kernel default of every option left unset. */
export function hostReport(h: Host): string {
  const out = [`host: ${h.name}`, `groups: ${h.groups.join(', ') || '(none)'}`, `connection: ${connectionLine(h)}`];
  out.push(`backend: ${hostBackend(h) ?? '(detected from facts)'}`);
  const { bonds: _bonds, ...rest } = maskSecrets(h.vars);
  out.push('vars:', ...stringify(rest).trimEnd().split('\n').map((l) => `  ${l}`));
  for (const b of hostBonds(h)) {
    if (b.state === 'absent') {
      out.push(`bond ${b.name}: absent (removed on the next run${b.slaves.length ? `; releases ${b.slaves.join(', ')} and any other live slave` : ''})`);
      continue;
    }
    out.push(`bond ${b.name}: mode ${b.mode}, slaves ${b.slaves.join(', ')}`);
    const a = b.addressing;
    out.push(`  addressing: ${a.method}${a.method === 'static' ? ` ${a.addresses.join(', ')}${a.gateway ? ` via ${a.gateway}` : ''}` : ''}`);
    if (b.hwaddress) out.push(`  hwaddress: ${b.hwaddress}`);
    if (b.mtu) out.push(`  mtu: ${b.mtu}`);
    for (const opt of BOND_OPTION_NAMES) {
      if (!optionAppliesTo(opt, b.mode)) continue;
      const set = (b.options as Record<string, unknown>)[opt];
      if (set !== undefined) out.push(`  ${opt}: ${Array.isArray(set) ? set.join(',') : String(set)}`);
      else {
        const d = KERNEL_DEFAULTS[opt];
        out.push(`  ${opt}: ${d.value} (kernel default${d.note ? `; ${d.note}` : ''})`);
      }
    }
  }
  return out.join('\n');
}
