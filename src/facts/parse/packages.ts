import { PACKAGE_NAMES, type PackageFacts, type PackageName, type PackagesFacts } from '../types.ts';

/** RHEL package names → the Debian-style keys HostFacts uses. */
const RPM_TO_KEY: Record<string, PackageName> = {
  NetworkManager: 'network-manager',
  systemd: 'systemd',
  'network-scripts': 'network-scripts',
  iproute: 'iproute2',
  ethtool: 'ethtool',
  'net-tools': 'net-tools',
};

function emptyPackages(): Record<PackageName, PackageFacts> {
  return Object.fromEntries(PACKAGE_NAMES.map((n) => [n, { installed: false }])) as Record<PackageName, PackageFacts>;
}

/** `dpkg-query -W -f '${Package}\t${Status}\t${Version}\n'`: installed iff the status word is "installed". */
export function parseDpkg(text: string | null): Record<PackageName, PackageFacts> {
  const pkgs = emptyPackages();
  for (const line of (text ?? '').split('\n')) {
    const [name, status = '', version = ''] = line.split('\t');
    if (!name || !(PACKAGE_NAMES as readonly string[]).includes(name)) continue;
    const installed = status.split(' ')[2] === 'installed';
    pkgs[name as PackageName] = installed ? { installed, version } : { installed };
  }
  return pkgs;
}

/** `rpm -q --qf '%{NAME}\t%{VERSION}-%{RELEASE}\n'`; "package X is not installed" lines are skipped. */
export function parseRpm(text: string | null): Record<PackageName, PackageFacts> {
  const pkgs = emptyPackages();
  for (const line of (text ?? '').split('\n')) {
    const [name, version] = line.split('\t');
    const key = name ? RPM_TO_KEY[name] : undefined;
    if (key && version) {
      pkgs[key] = { installed: true, version };
    }
  }
  return pkgs;
}

export function buildPackages(input: { dpkg: string | null | undefined; rpm: string | null | undefined }): PackagesFacts {
  if (input.dpkg !== undefined) return { manager: 'dpkg', packages: parseDpkg(input.dpkg) };
  if (input.rpm !== undefined) return { manager: 'rpm', packages: parseRpm(input.rpm) };
  return { manager: 'none', packages: emptyPackages() };
}
