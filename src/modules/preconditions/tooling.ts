import type { Backend, Bond } from '../../config/bond-model.ts';
import type { HostFacts } from '../../facts/types.ts';
import type { Precondition } from './types.ts';

const IFUPDOWN: readonly Backend[] = ['ifupdown', 'ifupdown-legacy'];

/** ifupdown's bond-* and slaves keywords are implemented by the ifenslave package's hook scripts. */
export function checkIfenslavePackage(facts: HostFacts, backend: Backend, mayInstall: boolean): Precondition[] {
  if (!IFUPDOWN.includes(backend)) return [];
  const id = 'package.ifenslave';
  const pkg = facts.packages.packages.ifenslave;
  if (pkg.installed) return [{ id, verdict: 'ok', message: `ifenslave ${pkg.version ?? ''} installed`.replace(/ +installed/, ' installed'), evidence: `${facts.packages.manager}: ifenslave ${pkg.version ?? 'installed'}` }];
  const evidence = facts.packages.manager === 'none' ? 'no dpkg or rpm on the host' : `${facts.packages.manager}: ifenslave not installed`;
  if (mayInstall) {
    return [{ id, verdict: 'warn', message: 'ifenslave is not installed: it will be installed before the bond is configured', evidence }];
  }
  return [{
    id,
    verdict: 'fail',
    message: `backend ${backend} needs the ifenslave package (its if-pre-up.d hook creates the bond) and it is not installed`,
    evidence,
    fix: 'add a package task for ifenslave (apt-get install ifenslave), or allow package installation',
  }];
}

/**
 * The `ifenslave` command vanished in ifenslave 2.10 (2018): the legacy layout's
 * `up ifenslave bond0 eth1 eth2` lines fail with "ifenslave: not found".
 */
export function checkIfenslaveCommand(facts: HostFacts, backend: Backend): Precondition[] {
  if (backend !== 'ifupdown-legacy') return [];
  const id = 'command.ifenslave';
  if (facts.commands.ifenslave) {
    return [{ id, verdict: 'ok', message: 'the ifenslave command exists: the legacy `up ifenslave` lines can work', evidence: 'command -v ifenslave: found' }];
  }
  const pkg = facts.packages.packages.ifenslave;
  return [{
    id,
    verdict: 'warn',
    message: "no ifenslave command (gone since ifenslave 2.10): the legacy layout's `up ifenslave` lines cannot work here; the working equivalent is `up ip link set <slave> master <bond>`",
    evidence: `command -v ifenslave: not found${pkg.installed ? ` (package ifenslave ${pkg.version ?? ''} installed)` : ''}`,
    fix: "render the iproute2 equivalent (tsprov's ifupdown-legacy renderer does when this command is missing)",
  }];
}

/** systemd ships `options bonding max_bonds=0` (/lib/modprobe.d/systemd.conf): no bond0 at load. */
export function checkMaxBonds(facts: HostFacts, backend: Backend, bonds: Bond[]): Precondition[] {
  const id = 'modprobe.max_bonds';
  const m = facts.modprobe;
  const evidence = m.source ? `${m.source}: options bonding max_bonds=${m.maxBonds}` : 'no max_bonds in modprobe.d (kernel default 1)';
  const effective = m.maxBonds ?? 1;
  if (backend === 'ifupdown-legacy') {
    if (effective >= bonds.length && effective > 0) {
      return [{ id, verdict: 'ok', message: `loading bonding creates ${effective} bond(s), enough for the legacy layout`, evidence }];
    }
    return [{
      id,
      verdict: 'warn',
      message: `max_bonds=${effective}: loading bonding will not create ${bonds.map((b) => b.name).join(', ')}, which the legacy layout relies on`,
      evidence,
      fix: `a modprobe.d file sorting after ${m.source?.split('/').pop() ?? 'systemd.conf'} with max_bonds=${Math.max(bonds.length, 1)} (adding it to an earlier file's options line does not help)`,
    }];
  }
  if (effective === 0 && backend === 'ifupdown') {
    return [{
      id,
      verdict: 'warn',
      message: 'max_bonds=0: loading bonding creates no bond; the bond must be created by ifupdown (ifenslave hook) or `ip link add`',
      evidence,
      fix: 'nothing to do for bond-* stanzas; do not rely on a bond0 appearing at module load',
    }];
  }
  return [{ id, verdict: 'ok', message: `max_bonds=${effective} does not matter: ${backend} creates bonds over netlink`, evidence }];
}

/** The command each backend's reload runs; without it the files would be written and never applied. */
const BACKEND_TOOL: Partial<Record<Backend, { cmd: 'networkctl' | 'netplan' | 'nmcli' | 'ifup'; pkg: string }>> = {
  networkd: { cmd: 'networkctl', pkg: 'systemd' },
  netplan: { cmd: 'netplan', pkg: 'netplan.io' },
  nm: { cmd: 'nmcli', pkg: 'network-manager (NetworkManager on RHEL)' },
  ifcfg: { cmd: 'ifup', pkg: 'network-scripts' },
};

export function checkBackendTool(facts: HostFacts, backend: Backend): Precondition[] {
  const tool = BACKEND_TOOL[backend];
  if (!tool) return [];
  const id = `command.${tool.cmd}`;
  if (facts.commands[tool.cmd]) return [{ id, verdict: 'ok', message: `${tool.cmd} found: the ${backend} backend can apply its files`, evidence: `command -v ${tool.cmd}: found` }];
  return [{
    id,
    verdict: 'fail',
    message: `backend ${backend} applies its files with ${tool.cmd}, which this host does not have`,
    evidence: `command -v ${tool.cmd}: not found`,
    fix: `install ${tool.pkg}, or pin var backend to the one this host uses (detected: ${facts.backend.detected})`,
  }];
}
