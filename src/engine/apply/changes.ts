import { shq, shJoin, type ShellText } from '../../core/quote.ts';
import type { Change, FileChange, PackageChange } from '../../core/change.ts';
import { base64ToFile, field } from './encode.ts';
import { dirOf, tempBeside } from './paths.ts';

/**
 * One file change: content lands in a temp file beside the target (same filesystem), gets its
 * mode and owner, is fsynced, then renamed over the target — a reader, or a crash, sees the old
 * file or the new one, never a torn one. The temp file is created under umask 077, so secret
 * content is never world-readable, not even briefly.
 */
export function fileSection(c: FileChange, runId: string, n: number): ShellText {
  const t = shq(c.target);
  const dir = shq(dirOf(c.target));
  const lines: ShellText[] = [`tsprov_step=file:${shq(n)}`];
  if (c.after === null) {
    lines.push(`if [ -e ${t} ] || [ -L ${t} ]; then tsprov_touch ${field(c.target)}; rm -f -- ${t}; tsprov_fsync ${dir}; fi`);
    lines.push(`tsprov_emit removed ${field(c.target)}`);
    return lines.join('\n');
  }
  const tmp = shq(tempBeside(c.target, runId, n));
  lines.push(`(umask 022; mkdir -p -- ${dir})`);
  lines.push(base64ToFile(tmp, c.after));
  if (c.mode !== undefined) lines.push(`chmod -- ${shq(c.mode)} ${tmp}`);
  else lines.push(`if [ -e ${t} ]; then chmod "$(stat -L -c %a -- ${t})" ${tmp}; else chmod 0644 ${tmp}; fi`);
  if (c.owner !== undefined || c.group !== undefined) {
    const spec = `${c.owner ?? ''}${c.group !== undefined ? ':' + c.group : ''}`;
    lines.push(`chown -- ${shq(spec)} ${tmp}`);
  } else {
    lines.push(`if [ -e ${t} ]; then chown "$(stat -L -c %u:%g -- ${t})" ${tmp}; fi`);
  }
  lines.push(`tsprov_fsync ${tmp}`);
  lines.push(`tsprov_touch ${field(c.target)}`);
  lines.push(`mv -f -- ${tmp} ${t}`);
  lines.push(`tsprov_fsync ${dir}`);
  lines.push(`tsprov_emit wrote ${field(c.target)}`);
  return lines.join('\n');
}

/**
 * Both end their options at `--` before the names (dnf 4 through argparse), and the package-name
 * rule (no leading `-`) guards them again. dnf 5's own parser has not been tried here: see
 * docs/security.md.
 */
export function packageCommand(manager: 'apt' | 'dnf', install: boolean, names: string[]): ShellText {
  if (manager === 'dnf') return shJoin(['dnf', install ? 'install' : 'remove', '-y', '--', ...names]);
  if (!install) return `DEBIAN_FRONTEND=noninteractive ${shJoin(['apt-get', 'remove', '-y', '--', ...names])}`;
  return `DEBIAN_FRONTEND=noninteractive ${shJoin([
    'apt-get', 'install', '-y', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confold', '--', ...names,
  ])}`;
}

/** Consecutive package changes for the same manager and direction share one apt/dnf run. */
function packageSection(group: PackageChange[], n: number): ShellText {
  const first = group[0]!;
  const install = first.after === 'present';
  const names = group.map((p) => p.target);
  const verb = install ? 'install' : 'remove';
  return [
    `tsprov_step=package:${shq(n)}`,
    `tsprov_emit package ${verb} ${shq(first.manager)} ${names.map(field).join(' ')}`,
    `${packageCommand(first.manager, install, names)} </dev/null >&2`,
    `tsprov_emit package-ok ${verb} ${shq(first.manager)} ${names.map(field).join(' ')}`,
  ].join('\n');
}

export function changeSections(changes: Change[], runId: string): ShellText[] {
  const out: ShellText[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    switch (c.kind) {
      case 'file':
        out.push(fileSection(c, runId, i));
        break;
      case 'package': {
        const group = [c];
        while (true) {
          const next = changes[i + 1];
          if (next?.kind !== 'package' || next.manager !== c.manager || next.after !== c.after) break;
          group.push(next);
          i++;
        }
        out.push(packageSection(group, i));
        break;
      }
      case 'module': {
        const load = c.after === 'loaded';
        const cmd = load ? shJoin(['modprobe', '--', c.target]) : shJoin(['modprobe', '-r', '--', c.target]);
        out.push([`tsprov_step=module:${shq(i)}`, `${cmd} </dev/null >&2`,
          `tsprov_emit module ${load ? 'loaded' : 'unloaded'} ${field(c.target)}`].join('\n'));
        break;
      }
      case 'command': {
        // An argv is quoted word by word here, so `sh -c` sees only literal words.
        const line = c.argv ? shJoin(c.argv) : c.target;
        const run = `sh -c ${shq(line)} </dev/null >&2`;
        // ignore_errors / failed_when: false: the script goes on, and says what the command returned.
        const body = c.onError
          ? [`tsprov_crc=0; ${run} || tsprov_crc=$?`,
            `if [ "$tsprov_crc" -ne 0 ]; then tsprov_emit command-${c.onError === 'ignore' ? 'ignored' : 'tolerated'} ${shq(i)} "$tsprov_crc"; else tsprov_emit command-ok ${shq(i)}; fi`]
          : [run, `tsprov_emit command-ok ${shq(i)}`];
        out.push([`tsprov_step=command:${shq(i)}`, `tsprov_emit command ${shq(i)}`, ...body].join('\n'));
        break;
      }
    }
  }
  return out;
}

/** Temp names of this run, removed when the script aborts so none is left beside a target. */
export function tempFiles(changes: Change[], runId: string): string[] {
  return changes.flatMap((c, i) => (c.kind === 'file' && c.after !== null ? [tempBeside(c.target, runId, i)] : []));
}
