import { shq, type ShellText } from '../core/quote.ts';
import { sectionsNamed, splitProbeOutput } from './sections.ts';

/**
 * Facts a playbook's tasks ask for beyond the standard probe (a `copy` destination, a package the
 * `package` task names…). They are appended to the probe script, so facts stay ONE exec. Written
 * in the probe's wire format, reusing its shell functions (tsp_file, tsp_run).
 */
export interface ExtraRequest {
  files: string[];
  packages: string[];
  kernelModules: string[];
  paths: string[];
}

export interface ExtraResult {
  files: Record<string, string | null>;
  packages: Record<string, boolean>;
  kernelModules: Record<string, boolean>;
  paths: Record<string, boolean>;
}

function checked(values: string[], what: string): string[] {
  for (const v of values) {
    // A newline would break the one-marker-per-line wire format; no real path or name has one.
    if (v === '' || /[\n\r]/.test(v)) throw new Error(`${what} ${JSON.stringify(v)} cannot be probed: empty or contains a newline`);
  }
  return [...new Set(values)].sort();
}

export function extrasScript(req: ExtraRequest): ShellText {
  const lines: ShellText[] = [];
  for (const f of checked(req.files, 'file')) lines.push(`tsp_file xfile ${shq(f)}`);
  const pkgs = checked(req.packages, 'package');
  if (pkgs.length > 0) {
    lines.push(`tsp_pkg() { if tsp_has dpkg-query; then dpkg-query -W -f='\${Status}' -- "$1" 2>/dev/null | grep -q 'install ok installed'; else rpm -q -- "$1" >/dev/null 2>&1; fi; }`);
    for (const p of pkgs) lines.push(`tsp_run xpkg ${shq(p)} tsp_pkg ${shq(p)}`);
  }
  for (const m of checked(req.kernelModules, 'kernel module')) lines.push(`tsp_run xkmod ${shq(m)} test -d ${shq(`/sys/module/${m.replace(/-/g, '_')}`)}`);
  for (const p of checked(req.paths, 'path')) lines.push(`tsp_run xpath ${shq(p)} test -e ${shq(p)}`);
  return lines.join('\n');
}

export function parseExtras(raw: string, req: ExtraRequest): ExtraResult {
  const split = splitProbeOutput(raw);
  const out: ExtraResult = { files: {}, packages: {}, kernelModules: {}, paths: {} };
  for (const f of req.files) out.files[f] = null;
  for (const s of sectionsNamed(split, 'xfile')) out.files[s.arg] = s.text;
  const flags = (name: string, into: Record<string, boolean>, keys: string[]): void => {
    for (const k of keys) into[k] = false;
    for (const s of sectionsNamed(split, name)) into[s.arg] = s.rc === '0';
  };
  flags('xpkg', out.packages, req.packages);
  flags('xkmod', out.kernelModules, req.kernelModules);
  flags('xpath', out.paths, req.paths);
  return out;
}

export const NO_EXTRAS: ExtraRequest = { files: [], packages: [], kernelModules: [], paths: [] };
