/**
 * What restoring files cannot give back: the live addresses of a NIC that no file configures. A
 * NIC set up outside every backend (by an initramfs `ip=`, a provider's agent, by hand) loses its
 * addresses when a backend takes it as a bond's slave, and its link when the bond lets go of it
 * (the bonding driver closes a released slave). The backend's rollback restores the files and
 * reloads them, which brings back neither. For the management NIC that means a lockout rolled back
 * on time still leaves the host unreachable — seen on the netplan and networkd lab VMs
 * (test/e2e/backend-netplan.test.ts, backend-networkd.test.ts).
 *
 * So, after the backend's rollback commands, every slave that had addresses before the apply
 * (facts) and is no bond's slave any more is set up and given each of them back where missing
 * (`ip addr add` of one already there fails, harmlessly). A slave the restored config enslaved
 * again, or whose backend gave its addresses back, is left as it is. Link-local IPv6 addresses
 * come back with the link by themselves. Routes are not restored (facts hold none).
 */
import type { Bond } from '../config/bond-model.ts';
import { shJoin, type ShellText } from '../core/quote.ts';
import type { HostFacts } from '../facts/types.ts';

const linkLocal = (cidr: string): boolean => /^fe80:/i.test(cidr);

export function restoreSlaveAddresses(bonds: Bond[], facts: HostFacts): ShellText[] {
  const cmds: ShellText[] = [];
  const seen = new Set<string>();
  for (const slave of bonds.flatMap((b) => b.slaves)) {
    if (seen.has(slave)) continue;
    seen.add(slave);
    const addrs = (facts.addresses?.[slave] ?? []).filter((a) => !linkLocal(a));
    if (addrs.length === 0) continue;
    const adds = addrs.map((a) => `${shJoin(['ip', 'addr', 'add', a, 'dev', slave])} 2>/dev/null`).join('; ');
    cmds.push(`if [ ! -e ${shJoin([`/sys/class/net/${slave}/master`])} ]; then ${shJoin(['ip', 'link', 'set', 'dev', slave, 'up'])}; ${adds}; fi; true`);
  }
  return cmds;
}
