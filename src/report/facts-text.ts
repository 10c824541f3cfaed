import type { HostFactsResult } from '../engine/facts-run.ts';

/** `tsprov facts` for people: the facts that decide a bond's fate, then every precondition. */
export function factsText(r: HostFactsResult): string {
  const out = [`== ${r.host}: ${r.status}${r.message ? ` — ${r.message}` : ''}`];
  const f = r.facts;
  if (f) {
    out.push(`  os: ${f.os.prettyName || f.os.id} · kernel ${f.kernel.release}`);
    out.push(`  CONFIG_BONDING=${f.kernel.bonding} CONFIG_MII=${f.kernel.mii} (from ${f.kernel.configPath ?? f.kernel.configSource})`);
    out.push(`  bonding module: ${f.bondingModule.loaded ? 'loaded' : 'not loaded'}, ${f.bondingModule.loadable ? 'loadable' : 'not loadable'}${f.bondingModule.builtin ? ', built in' : ''}`);
    out.push(`  max_bonds: ${f.modprobe.maxBonds ?? 'kernel default (1)'}${f.modprobe.source ? ` (${f.modprobe.source})` : ''}`);
    out.push(`  backend: ${f.backend.detected}${f.backend.evidence.length ? ` (${f.backend.evidence.join('; ')})` : ''}`);
    const pk = Object.entries(f.packages.packages).filter(([, p]) => p.installed).map(([n, p]) => `${n}${p.version ? ` ${p.version}` : ''}`);
    out.push(`  packages (${f.packages.manager}): ${pk.join(', ') || 'none of interest'}; ifenslave command: ${f.commands.ifenslave ? 'yes' : 'no'}`);
    out.push('  NICs:');
    for (const n of f.nics) {
      out.push(`    ${n.name.padEnd(10)} ${n.kind.padEnd(9)} ${(n.mac ?? '-').padEnd(17)} ${n.operstate.padEnd(8)} carrier=${n.carrier ?? '?'}${n.speedMbps ? ` ${n.speedMbps}Mb/s` : ''}${n.driver ? ` driver=${n.driver}` : ''}${n.master ? ` master=${n.master}` : ''}`);
    }
    for (const [name, b] of Object.entries(f.bonds)) {
      out.push(`  ${name}: ${b.mode ?? b.modeText ?? '?'}, MII ${b.miiStatus ?? '?'}, slaves: ${b.slaves.map((s) => `${s.name}(${s.miiStatus ?? '?'})`).join(' ') || 'none'}`);
    }
    if (f.management.interface) out.push(`  management: ${f.management.interface}${f.management.sshClientIp ? ` (SSH client ${f.management.sshClientIp})` : ''}`);
  }
  for (const w of r.warnings) out.push(`  warning: ${w}`);
  if (r.preconditions.length) out.push('  preconditions:');
  for (const p of r.preconditions) {
    out.push(`    ${p.verdict.toUpperCase().padEnd(4)} ${p.id}: ${p.message}`);
    if (p.verdict !== 'ok') {
      out.push(`         evidence: ${p.evidence}`);
      if (p.fix) out.push(`         fix: ${p.fix}`);
    }
  }
  return out.join('\n');
}
