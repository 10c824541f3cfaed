import type { Backend, Bond, BondOptions } from '../../config/bond-model.ts';
import type { HostFacts } from '../../facts/types.ts';
import type { Precondition } from './types.ts';

type Version = [number, number];

/**
 * Bonding options younger than some kernels still in service, with the first kernel that has
 * them (from the commits that added them) and, for the ones the ifupdown backends set through
 * `ip link … type bond`, the first iproute2 that knows the keyword. Setting one on an older
 * host fails in the middle of an apply, after the bond was taken down.
 */
const NEWER_OPTIONS: Partial<Record<keyof BondOptions, { kernel: Version; iproute2?: Version }>> = {
  peer_notif_delay: { kernel: [5, 3] },
  lacp_active: { kernel: [5, 15] },
  ns_ip6_target: { kernel: [5, 18] },
  coupled_control: { kernel: [6, 9], iproute2: [6, 10] },
};

const IP_LINK_BACKENDS: readonly Backend[] = ['ifupdown', 'ifupdown-legacy'];

/** "6.1.0-26-amd64" or "6.1.0-3" (a dpkg version) → [6, 1]; null when it does not start so. */
export function majorMinor(v: string | undefined): Version | null {
  const m = /^(?:\d+:)?(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

const older = (have: Version, need: Version): boolean => have[0] < need[0] || (have[0] === need[0] && have[1] < need[1]);
const show = (v: Version): string => `${v[0]}.${v[1]}`;

/** One verdict per declared option that needs a newer kernel (or iproute2) than some hosts run. */
export function checkOptionSupport(facts: HostFacts, bonds: Bond[], backend: Backend): Precondition[] {
  const out: Precondition[] = [];
  const kernel = majorMinor(facts.kernel.release);
  const ipPkg = facts.packages.packages.iproute2;
  const iproute2 = majorMinor(ipPkg.version);
  for (const bond of bonds) {
    for (const [opt, need] of Object.entries(NEWER_OPTIONS)) {
      if (bond.options[opt as keyof BondOptions] === undefined || !need) continue;
      const id = `bond.option-support:${bond.name}.${opt}`;
      const problems: string[] = [];
      const evidence = [`kernel ${facts.kernel.release}`];
      if (kernel === null) problems.push(`cannot read the kernel version "${facts.kernel.release}"`);
      else if (older(kernel, need.kernel)) problems.push(`${opt} needs Linux ${show(need.kernel)} or later`);
      if (need.iproute2 && IP_LINK_BACKENDS.includes(backend)) {
        evidence.push(`iproute2 ${ipPkg.version ?? (ipPkg.installed ? 'installed, version unknown' : 'not installed')}`);
        if (iproute2 === null) problems.push(`cannot tell whether iproute2 knows ${opt}`);
        else if (older(iproute2, need.iproute2)) problems.push(`${opt} needs iproute2 ${show(need.iproute2)} or later (the ${backend} backend sets it with ip link)`);
      }
      const known = problems.some((p) => !p.startsWith('cannot'));
      out.push(
        problems.length === 0
          ? { id, verdict: 'ok', message: `${bond.name}: ${opt} is supported`, evidence: evidence.join('; ') }
          : {
              id,
              verdict: known ? 'fail' : 'warn',
              message: `${bond.name}: ${problems.join('; ')}`,
              evidence: evidence.join('; '),
              fix: `remove ${opt} from ${bond.name}, or upgrade the host (kernel ≥ ${show(need.kernel)}${need.iproute2 ? `, iproute2 ≥ ${show(need.iproute2)}` : ''})`,
            },
      );
    }
  }
  return out;
}
