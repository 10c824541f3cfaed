/**
 * The modules' `checkValues`: which arg holds which kind of host-bound value. The rules
 * themselves live in config/host-values.ts, shared with the apply script's second guard.
 */
import type { ArgProblem } from '../config/module-catalog.ts';
import type { PathSeg } from '../config/source.ts';
import { absPathProblem, accountProblem, kmodNameProblem, kmodParamsProblems, packageNameProblem } from '../config/host-values.ts';

type Rule = (value: string) => string | string[] | undefined;
type Args = Record<string, unknown>;

/** Runs `rule` on a string at `path`; an empty or non-string value is the schema's to report. */
function apply(out: ArgProblem[], path: PathSeg[], value: unknown, rule: Rule): void {
  if (typeof value !== 'string' || value === '') return;
  const found = rule(value);
  for (const message of found === undefined ? [] : Array.isArray(found) ? found : [found]) out.push({ path, message });
}

const asArgs = (args: unknown): Args => (args && typeof args === 'object' && !Array.isArray(args) ? (args as Args) : {});

export function packageValues(args: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  const name = asArgs(args).name;
  if (Array.isArray(name)) name.forEach((n, i) => apply(out, ['name', i], n, packageNameProblem));
  else apply(out, ['name'], name, packageNameProblem);
  return out;
}

export function fileValues(args: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  const a = asArgs(args);
  apply(out, ['dest'], a.dest, absPathProblem);
  if (typeof a.mode === 'number') {
    const m = a.mode;
    // `mode: 644` is the decimal number 644 (octal 1204: sticky bit, owner write only), as in Ansible: almost never meant.
    if (!Number.isInteger(m) || m < 0 || m > 0o777) out.push({ path: ['mode'], message: `mode ${m} is the decimal number ${m} (octal ${m.toString(8)}); write it with a leading zero (mode: 0644) or quoted (mode: "0644")` });
  }
  apply(out, ['owner'], a.owner, accountProblem);
  apply(out, ['group'], a.group, accountProblem);
  return out;
}

export function kernelModuleValues(args: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  const a = asArgs(args);
  apply(out, ['name'], a.name, kmodNameProblem);
  apply(out, ['params'], a.params, kmodParamsProblems);
  return out;
}

/** `creates`/`removes` of command and shell: probed with `test -e` at fact time, so the copy `dest` rules apply. */
export function runValues(args: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  const a = asArgs(args);
  apply(out, ['creates'], a.creates, absPathProblem);
  apply(out, ['removes'], a.removes, absPathProblem);
  return out;
}
