import { COMMAND_NAMES, PACKAGE_NAMES, type HostFacts } from './types.ts';

/**
 * Facts for `tsprov render` without a host: a fresh Debian bookworm with ifupdown, as Debian
 * installs it (systemd's max_bonds=0, ifenslave ≥ 2.10 without an `ifenslave` command, no
 * modutils, no config files). Stated, not guessed: the render output names them.
 */
export function defaultFacts(): HostFacts {
  const packages = Object.fromEntries(PACKAGE_NAMES.map((p) => [p, { installed: ['ifupdown', 'systemd', 'iproute2'].includes(p) }])) as HostFacts['packages']['packages'];
  const commands = Object.fromEntries(COMMAND_NAMES.map((c) => [c, ['ifup', 'ip', 'apt_get', 'modprobe', 'modinfo', 'systemd_run'].includes(c)])) as HostFacts['commands'];
  return {
    probeVersion: 0,
    kernel: { release: 'unknown', configSource: 'none', configPath: null, bonding: 'm', mii: 'm', bondingLine: null, miiLine: null },
    os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm) — assumed, no facts given' },
    bondingModule: { loaded: false, loadable: true, builtin: false, filename: null },
    nics: [],
    bonds: {},
    packages: { manager: 'dpkg', packages },
    commands,
    backend: { detected: 'ifupdown', active: ['ifupdown'], evidence: ['assumed: no facts given'] },
    modprobe: { maxBonds: 0, source: '/lib/modprobe.d/systemd.conf (assumed)', bondingOptions: [] },
    modutils: { present: false },
    files: {},
    management: {},
    systemd: true,
  };
}
