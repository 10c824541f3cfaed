import type { BackendFacts, PackagesFacts } from '../types.ts';

export interface BackendSignals {
  files: Record<string, string | null>;
  packages: PackagesFacts;
  unitsEnabled: Map<string, boolean>;
  nmRunning: boolean;
  networkdRunning: boolean;
  ifupCommand: boolean;
}

function present(files: Record<string, string | null>, test: (path: string) => boolean): string[] {
  return Object.keys(files).filter((p) => files[p] !== null && test(p)).sort();
}

/** Lines of /etc/network/interfaces that configure something beyond loopback and includes. */
function ifupdownStanzas(text: string | null | undefined): number {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(iface|auto|allow-hotplug)\s/.test(l) && !/^(iface|auto)\s+lo\b/.test(l)).length;
}

/**
 * Which network backend manages this host, with the evidence for the verdict. Netplan wins when
 * it has YAML (it generates for networkd or NM); then a running NetworkManager; then networkd with
 * .network files; then ifupdown; then RHEL ifcfg files.
 */
export function detectBackend(s: BackendSignals): BackendFacts {
  const evidence: string[] = [];
  const netplan = present(s.files, (p) => /^\/etc\/netplan\/[^/]+\.yaml$/.test(p));
  const networkd = present(s.files, (p) => /^\/etc\/systemd\/network\/[^/]+\.network$/.test(p));
  const ifcfg = present(s.files, (p) => p.startsWith('/etc/sysconfig/network-scripts/ifcfg-'));
  const ifaceFiles = present(s.files, (p) => p === '/etc/network/interfaces' || p.startsWith('/etc/network/interfaces.d/'));
  const stanzas = ifaceFiles.reduce((n, p) => n + ifupdownStanzas(s.files[p]), 0);
  const pk = s.packages.packages;
  const nm = s.nmRunning || s.unitsEnabled.get('NetworkManager') === true;
  const nd = s.networkdRunning || s.unitsEnabled.get('systemd-networkd') === true;
  const ifupdown = pk.ifupdown.installed || pk.ifupdown2.installed || s.ifupCommand;

  if (netplan.length) evidence.push(`netplan YAML: ${netplan.join(', ')}`);
  if (nm) evidence.push(`NetworkManager ${s.nmRunning ? 'running (/run/NetworkManager)' : 'enabled'}`);
  if (nd) evidence.push(`systemd-networkd ${s.networkdRunning ? 'running' : 'enabled'}`);
  if (networkd.length) evidence.push(`networkd files: ${networkd.join(', ')}`);
  if (ifaceFiles.length) evidence.push(`ifupdown files: ${ifaceFiles.join(', ')} (${stanzas} non-loopback stanza lines)`);
  if (s.unitsEnabled.get('networking')) evidence.push('networking.service enabled');
  if (s.unitsEnabled.get('network')) evidence.push('network.service enabled (RHEL network-scripts)');
  if (ifupdown) evidence.push(`ifupdown ${pk.ifupdown.installed ? `package ${pk.ifupdown.version ?? ''}`.trim() : pk.ifupdown2.installed ? 'package ifupdown2' : 'command ifup'} present`);
  if (ifcfg.length) evidence.push(`ifcfg files: ${ifcfg.join(', ')}`);
  // RHEL 8/9: NetworkManager reads ifcfg files itself (ifcfg-rh); the host is NM's, and an ifcfg
  // file for a bond or slave is refused by the nm backend as a second profile, by name.
  if (ifcfg.length && nm) evidence.push('ifcfg files with NetworkManager active: NM reads them through its ifcfg-rh plugin (RHEL 8/9), so the host is NetworkManager\'s');

  const active: BackendFacts['active'] = [];
  // netplan is a generator: installed with YAML present, it rewrites networkd/NM config at boot.
  if (netplan.length && (pk['netplan.io'].installed || nd || nm)) active.push('netplan');
  if (nm) active.push('nm');
  if (nd) active.push('networkd');
  if (ifupdown && (s.unitsEnabled.get('networking') === true || ifaceFiles.length > 0)) active.push('ifupdown');
  if (s.unitsEnabled.get('network') === true) active.push('ifcfg');

  let detected: BackendFacts['detected'] = 'unknown';
  if (netplan.length) detected = 'netplan';
  else if (nm && (s.nmRunning || !ifupdown || stanzas === 0)) detected = 'nm';
  else if (nd && networkd.length) detected = 'networkd';
  else if (ifupdown && ifaceFiles.length) detected = 'ifupdown';
  else if (ifcfg.length) detected = 'ifcfg';
  else if (ifupdown) detected = 'ifupdown';
  if (detected === 'unknown') evidence.push('no network backend configuration found');
  return { detected, active, evidence };
}
