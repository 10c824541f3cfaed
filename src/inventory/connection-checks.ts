import type { SourceProblem } from '../core/errors.ts';
import { ProblemSink } from '../config/source.ts';
import { hasTemplate } from '../template/index.ts';
import { ANSIBLE_CONNECTION_VARS, UNSUPPORTED_VARS } from './ansible-vars.ts';
import { becomeFlagWarnings, becomeMethodError } from './become-vars.ts';
import type { Inventory, VarLayer } from './model.ts';
import { mapSshArgs } from './ssh-args-map.ts';
import { varsFileLayers } from './vars-files.ts';
import { addressProblem, localPathProblem, loginProblem } from '../config/host-values.ts';

export interface ConnectionChecks {
  problems: SourceProblem[];
  warnings: SourceProblem[];
}

const ARG_VARS: ReadonlySet<string> = new Set([...ANSIBLE_CONNECTION_VARS.ssh_args, ...ANSIBLE_CONNECTION_VARS.ssh_common_args, ...ANSIBLE_CONNECTION_VARS.ssh_extra_args]);
const METHOD_VARS: ReadonlySet<string> = new Set(ANSIBLE_CONNECTION_VARS.become_method);
const FLAG_VARS: ReadonlySet<string> = new Set(ANSIBLE_CONNECTION_VARS.become_flags);

const VALUE_RULES: ReadonlyMap<string, (v: string) => string | undefined> = new Map([
  ...ANSIBLE_CONNECTION_VARS.address.map((k) => [k, addressProblem] as const),
  ...ANSIBLE_CONNECTION_VARS.user.map((k) => [k, (v: string) => loginProblem(v, 'ssh')] as const),
  ...[...ANSIBLE_CONNECTION_VARS.become_user, 'become_user'].map((k) => [k, (v: string) => loginProblem(v, 'sudo -u')] as const),
  ...ANSIBLE_CONNECTION_VARS.identity_file.map((k) => [k, localPathProblem] as const),
]);

export interface Findings {
  problems: string[];
  warnings: string[];
}

/**
 * What ssh or sudo would make of one connection var's value, as written or as rendered from its
 * template: values they would refuse are problems, options tsprov does not pass on warnings.
 */
export function connectionValueFindings(key: string, value: unknown): Findings {
  const out: Findings = { problems: [], warnings: [] };
  const rule = VALUE_RULES.get(key);
  if (rule) {
    const problem = typeof value === 'string' ? rule(value) : undefined;
    if (problem) out.problems.push(problem);
  } else if (ARG_VARS.has(key) && typeof value === 'string') {
    const mapped = mapSshArgs([value]);
    out.warnings.push(...mapped.warnings);
    out.problems.push(...mapped.errors);
  } else if (METHOD_VARS.has(key)) {
    const error = becomeMethodError(value);
    if (error) out.problems.push(error);
  } else if (FLAG_VARS.has(key)) out.warnings.push(...becomeFlagWarnings(String(value)));
  return out;
}

/**
 * Connection vars checked where they are written, once per place rather than once per host:
 * unsupported Ansible vars and ssh options become warnings, values ssh or sudo would refuse become
 * problems. Linear in the number of vars written, whatever the number of hosts. A value holding
 * `{{ }}` is checked per host once rendered (connection-templates.ts): the text of a template is
 * not the value it will have.
 */
export function checkConnectionVars(inv: Inventory): ConnectionChecks {
  const out: ConnectionChecks = { problems: [], warnings: [] };
  const sinks = new Map(inv.sources.map((s) => [s.file, { problems: new ProblemSink(s, out.problems), warnings: new ProblemSink(s, out.warnings) }]));
  const layers: VarLayer[] = [...inv.groups.values(), ...inv.hostVars.values(), ...varsFileLayers(inv), ...(inv.extraVars ? [inv.extraVars] : [])];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.vars)) {
      const origin = layer.origins[key];
      const sink = origin && sinks.get(origin.file);
      if (!sink) continue;
      const reason = UNSUPPORTED_VARS[key];
      if (reason !== undefined) {
        sink.warnings.add(origin.path, `recognised but not supported (${reason}); ignored`, { key: true });
        continue;
      }
      if (hasTemplate(value)) continue;
      const found = connectionValueFindings(key, value);
      for (const w of found.warnings) sink.warnings.add(origin.path, w);
      for (const e of found.problems) sink.problems.add(origin.path, e);
    }
  }
  return out;
}

const checked = new WeakSet<Inventory>();

/** Runs the checks once per inventory: warnings join inv.warnings, problems go to `problems`. */
export function addConnectionChecks(inv: Inventory, problems: SourceProblem[]): void {
  if (checked.has(inv)) return;
  checked.add(inv);
  const c = checkConnectionVars(inv);
  inv.warnings.push(...c.warnings);
  problems.push(...c.problems);
}
