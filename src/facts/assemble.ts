import { COMMAND_NAMES, type CommandsFacts, type HostFacts, type LinkToolResult } from './types.ts';
import { parseIpAddr } from './parse/addresses.ts';
import { firstSection, sectionsNamed, splitProbeOutput } from './sections.ts';
import { parseNmInterfaces } from './parse/nic-config.ts';
import { parseKernelConfig } from './parse/kernel-config.ts';
import { parseOsRelease } from './parse/os-release.ts';
import { buildNics, parseIpLinkKinds, parseSysfsNics } from './parse/nics.ts';
import { parseEthtool, parseMiiTool } from './parse/link-tools.ts';
import { buildPackages } from './parse/packages.ts';
import { parseModprobe } from './parse/modprobe.ts';
import { parseStatus } from './parse/status.ts';
import { detectBackend } from './parse/backend.ts';
import { parseBonds } from './parse/bonds.ts';
import { parseManagement } from './parse/management.ts';

/** CommandsFacts keys → the command names the probe tests with `command -v`. */
const COMMAND_BINARIES: Record<keyof CommandsFacts, string> = {
  ifenslave: 'ifenslave',
  ifup: 'ifup',
  ip: 'ip',
  mii_tool: 'mii-tool',
  ethtool: 'ethtool',
  update_modules: 'update-modules',
  systemd_run: 'systemd-run',
  apt_get: 'apt-get',
  dnf: 'dnf',
  modprobe: 'modprobe',
  modinfo: 'modinfo',
  networkctl: 'networkctl',
  netplan: 'netplan',
  nmcli: 'nmcli',
};

/** Pure: the probe's raw stdout → typed facts. Missing sections become explicit "unknown"s. */
export function assembleFacts(raw: string): { facts: HostFacts; warnings: string[] } {
  const split = splitProbeOutput(raw);
  const warnings = [...split.warnings];
  const text = (name: string): string | null => firstSection(split, name)?.text ?? null;
  const status = parseStatus(text('status'));
  const has = (bin: string): boolean => status.commands.get(bin) === true;

  const files: Record<string, string | null> = {};
  for (const s of sectionsNamed(split, 'file')) {
    files[s.arg] = s.text;
    if (s.rc === 'unreadable') warnings.push(`${s.arg} exists but is not readable (become needed?)`);
  }

  const modinfo = firstSection(split, 'modinfo') ?? firstSection(split, 'modfind');
  const modinfoOut = modinfo?.text?.trim() ?? '';
  const modinfoFound = modinfo !== undefined && modinfo.rc === '0' && modinfoOut !== '';
  const kconfig = firstSection(split, 'kconfig');
  const kernel = parseKernelConfig({
    release: text('uname')?.trim() ?? '',
    arg: kconfig?.arg ?? 'none',
    rc: kconfig?.rc ?? 'absent',
    text: kconfig?.text ?? null,
    modinfoFound,
  });
  const builtinHit = (firstSection(split, 'builtin')?.text ?? '').trim() !== '';

  const toolResults = (name: string, parse: (t: string | null) => LinkToolResult): Map<string, LinkToolResult> =>
    new Map(sectionsNamed(split, name).map((s) => [s.arg, parse(s.text)]));
  const nics = buildNics({
    sysfs: parseSysfsNics(text('nics')),
    ipKinds: parseIpLinkKinds(text('iplink')),
    miiTool: toolResults('miitool', parseMiiTool),
    ethtool: toolResults('ethtool', parseEthtool),
    miiToolPresent: has('mii-tool'),
    ethtoolPresent: has('ethtool'),
  });

  const dpkg = firstSection(split, 'dpkg');
  const rpm = firstSection(split, 'rpm');
  const packages = buildPackages({ dpkg: dpkg ? (dpkg.text ?? '') : undefined, rpm: rpm ? (rpm.text ?? '') : undefined });
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((k) => [k, has(COMMAND_BINARIES[k])]),
  ) as CommandsFacts;

  const facts: HostFacts = {
    probeVersion: split.version ?? 0,
    kernel,
    os: parseOsRelease(text('osrelease')),
    bondingModule: {
      loaded: status.flags.get('bonding_loaded') === 'yes',
      loadable: modinfoFound || kernel.bonding === 'y' || builtinHit,
      builtin: builtinHit || kernel.bonding === 'y',
      filename: modinfoFound ? (modinfoOut.split('\n')[0] ?? null) : null,
    },
    nics,
    bonds: parseBonds(sectionsNamed(split, 'bonding')),
    ...(firstSection(split, 'ipaddr') ? { addresses: parseIpAddr(text('ipaddr')) } : {}),
    packages,
    commands,
    backend: detectBackend({
      files,
      packages,
      unitsEnabled: status.unitsEnabled,
      nmRunning: status.flags.get('nm_running') === 'yes',
      networkdRunning: status.flags.get('networkd_running') === 'yes',
      ifupCommand: commands.ifup,
    }),
    modprobe: parseModprobe(files, text('cmdline')),
    modutils: { present: status.flags.get('modutils') === 'yes' },
    files,
    ...(firstSection(split, 'nmiface') ? { nmInterfaces: parseNmInterfaces(text('nmiface')) } : {}),
    management: parseManagement(text('mgmt')),
    systemd: status.flags.get('pid1') === 'systemd' || status.flags.get('run_systemd') === 'yes',
  };
  if (status.flags.get('encoding') === 'raw') warnings.push('host has neither base64 nor od: probe output was sent unencoded');
  return { facts, warnings };
}
