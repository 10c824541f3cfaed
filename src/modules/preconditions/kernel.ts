import type { HostFacts } from '../../facts/types.ts';
import type { Precondition } from './types.ts';

function configEvidence(facts: HostFacts, line: string | null, symbol: string): string {
  const k = facts.kernel;
  if (k.configSource === 'none') return `no kernel config found for ${k.release} (/boot/config-${k.release}, /proc/config.gz, modules.builtin)`;
  return `${k.configPath}: ${line ?? `${symbol} not present`}`;
}

/** CONFIG_BONDING must be y or m; when the config cannot be read, a loadable module is enough. */
export function checkKernelBonding(facts: HostFacts): Precondition {
  const k = facts.kernel;
  const evidence = configEvidence(facts, k.bondingLine, 'CONFIG_BONDING');
  const id = 'kernel.bonding';
  if (k.bonding === 'y' || k.bonding === 'm') {
    return { id, verdict: 'ok', message: `kernel ${k.release} has bonding (${k.bonding === 'y' ? 'built in' : 'module'})`, evidence };
  }
  if (k.bonding === 'unknown' && (facts.bondingModule.loadable || facts.bondingModule.loaded)) {
    return { id, verdict: 'ok', message: `kernel config unreadable, but the bonding module is available`, evidence: `${evidence}; modinfo: ${facts.bondingModule.filename ?? 'loaded'}` };
  }
  return {
    id,
    verdict: 'fail',
    message: k.bonding === 'n' ? `kernel ${k.release} is built without bonding support` : `cannot tell whether kernel ${k.release} supports bonding`,
    evidence,
    fix: 'boot a kernel with CONFIG_BONDING=m (e.g. Debian linux-image-amd64) or rebuild with it',
  };
}

/** The bonding module must be loaded, built in, or loadable (modinfo finds it). */
export function checkBondingModule(facts: HostFacts): Precondition {
  const m = facts.bondingModule;
  const id = 'kernel.bonding-module';
  if (m.loaded) return { id, verdict: 'ok', message: 'bonding is loaded', evidence: '/sys/module/bonding exists' };
  if (m.builtin) return { id, verdict: 'ok', message: 'bonding is built into the kernel', evidence: `modules.builtin / ${facts.kernel.bondingLine ?? 'CONFIG_BONDING=y'}` };
  if (m.loadable) return { id, verdict: 'ok', message: 'bonding module can be loaded', evidence: `modinfo bonding: ${m.filename ?? 'found'}` };
  return {
    id,
    verdict: 'fail',
    message: `no bonding module for kernel ${facts.kernel.release}`,
    evidence: `modinfo bonding failed${facts.commands.modinfo ? '' : ' (modinfo not installed)'}; /sys/module/bonding absent`,
    fix: `install the modules package for ${facts.kernel.release} (Debian: linux-modules / linux-image-${facts.kernel.release})`,
  };
}

/**
 * CONFIG_MII is the generic MII library a few older drivers (e100, some USB NICs) need for
 * mii-tool and miimon link reporting; modern drivers report carrier without it. Hence warn, not fail.
 */
export function checkKernelMii(facts: HostFacts): Precondition {
  const k = facts.kernel;
  const evidence = configEvidence(facts, k.miiLine, 'CONFIG_MII');
  const id = 'kernel.mii';
  if (k.mii === 'y' || k.mii === 'm') return { id, verdict: 'ok', message: `generic MII support present (${k.mii})`, evidence };
  return {
    id,
    verdict: 'warn',
    message: k.mii === 'n'
      ? 'kernel has no generic MII library: drivers that depend on it (e100 and similar) cannot report link via MII'
      : 'cannot tell whether the kernel has generic MII support',
    evidence,
    fix: 'fine for drivers that report carrier themselves (virtio, e1000, most modern NICs); otherwise use a kernel with CONFIG_MII=m',
  };
}
