/**
 * Templated connection vars (`ansible_host: "{{ mgmt_ip }}"`, `ansible_user: "{{ site_user }}"`),
 * rendered per host with the host's vars and magic vars, the way Ansible templates its connection
 * options, then checked by the same rules as a written value: the vars schema's type and
 * connection-checks.ts. A problem sits at the var's file:line:col and shows both the template and
 * what it rendered to (masked when a secret is involved). Only a host whose connection vars hold
 * `{{ }}` pays for a scope.
 */
import type { SourceProblem } from '../core/errors.ts';
import { MASK } from '../core/secrets.ts';
import { checkSchema } from '../config/schema-check.ts';
import { ProblemSink, type PathSeg } from '../config/source.ts';
import { hasTemplate, scopeOf, TemplateError } from '../template/index.ts';
import { asConnectionInteger, TEMPLATED_CONNECTION_VARS } from './ansible-vars.ts';
import { connectionValueFindings } from './connection-checks.ts';
import { magicVars } from './magic-vars.ts';
import type { Inventory, Origin, ResolvedVars } from './model.ts';
import { isSecretKey } from './secrets.ts';
import { VARS_SCHEMA } from './vars-schema.ts';

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Whether the template's value may carry a secret: the var is secret, or the template names a secret var. */
function touchesSecret(key: string, template: string, host: Pick<ResolvedVars, 'vars'>): boolean {
  return isSecretKey(key, host) || (template.match(IDENT) ?? []).some((w) => isSecretKey(w, host));
}

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/**
 * The host's resolved vars with every templated connection var rendered (digits converted for
 * integer vars, as Ansible's plugins convert them); a var that fails to render or whose rendered
 * value is refused is left out, with its problem in `problems`. Returns `r` itself when nothing
 * is templated.
 */
export function renderConnectionVars(inv: Inventory, name: string, r: ResolvedVars, problems: SourceProblem[]): ResolvedVars {
  const keys = Object.keys(r.vars).filter((k) => TEMPLATED_CONNECTION_VARS.has(k) && hasTemplate(r.vars[k]));
  if (keys.length === 0) return r;
  const at = (origin: Origin | undefined, path: readonly PathSeg[] | undefined, message: string, into: SourceProblem[] = problems): void => {
    const src = origin && inv.sources.find((s) => s.file === origin.file);
    if (origin && src) new ProblemSink(src, into).add(path ?? origin.path, message);
    else into.push({ file: '(inventory)', line: 1, col: 1, path: '', message });
  };
  const scope = scopeOf({ ...r.vars, ...magicVars(inv, name) });
  const vars = { ...r.vars };
  for (const key of keys) {
    const template = r.vars[key];
    const origin = r.origins[key];
    const written = typeof template === 'string' ? JSON.stringify(template) : 'its template';
    let value: unknown;
    try {
      value = asConnectionInteger(key, scope.get(key, 0));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      delete vars[key];
      const inner = e.via.filter((v) => v !== key).at(-1);
      if (inner !== undefined && r.origins[inner]) {
        at(r.origins[inner], undefined, `${e.message} in the value of var ${inner}, at character ${e.offset + 1}; reached by ${key} ${written} for host ${name}`);
      } else at(origin, undefined, `${key} ${written}: ${e.message} (at character ${e.offset + 1}) for host ${name}`);
      continue;
    }
    const secret = touchesSecret(key, typeof template === 'string' ? template : JSON.stringify(template), r);
    const rendered = `${key} ${written} rendered to ${secret ? MASK : shown(value)} for host ${name}`;
    const found: string[] = [];
    checkSchema(VARS_SCHEMA, { [key]: value }, [], { add: (_path, message) => found.push(message) });
    const f = connectionValueFindings(key, value);
    found.push(...f.problems);
    for (const m of found) at(origin, undefined, `${rendered}: ${secret ? m.replace(/\bgot .*$/, `got ${MASK}`) : m}`);
    for (const w of f.warnings) {
      const into: SourceProblem[] = [];
      at(origin, undefined, `${rendered}: ${w}`, into);
      for (const x of into) if (!inv.warnings.some((y) => y.file === x.file && y.line === x.line && y.message === x.message)) inv.warnings.push(x);
    }
    if (found.length) delete vars[key];
    else vars[key] = value;
  }
  return { ...r, vars };
}
