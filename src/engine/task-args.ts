/**
 * A task's args for one host: templates rendered (src/template/), then, where anything was
 * templated, checked against the module's schema as Ansible does after templating. A wrong value
 * or a template that fails on this host fails this host with the file and line of the arg (or of
 * the inventory var whose own `{{ }}` failed), never the whole run.
 */
import type { Task } from '../config/playbook.ts';
import { formatPath, type PathSeg } from '../config/source.ts';
import { splitWords } from '../config/argv.ts';
import { argProblems, templatedPaths } from '../config/template-args.ts';
import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { MODULE_CATALOG } from '../modules/schemas.ts';
import { isSoleExpression, pythonStr, renderText, renderValue, scopeOf, TemplateError } from '../template/index.ts';

/** Where a var is written (an inventory var), to place an error inside its own `{{ }}`. */
export type VarLocator = (name: string) => { file: string; line: number; col: number; path: string } | undefined;

/** A template failure while rendering the arg at `path`. */
class ArgTemplateError extends Error {
  constructor(
    readonly path: PathSeg[],
    readonly error: TemplateError,
  ) {
    super(error.message);
  }
}

/**
 * Every string of the args rendered; the `template` module's own text is left to that module.
 * An arg that is one `{{ expression }}` and nothing else takes the value as it is (a number
 * stays a number, a list a list), so `confirm_timeout: "{{ t }}"` fits an integer arg.
 */
export function templatedArgs(t: Task, vars: Record<string, unknown>): Record<string, unknown> {
  const scope = scopeOf(vars);
  const words = MODULE_CATALOG[t.module]?.words ?? [];
  const at = <T>(path: PathSeg[], f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof TemplateError) throw new ArgTemplateError(path, e);
      throw e;
    }
  };
  const walk = (v: unknown, path: PathSeg[]): unknown => {
    const key = path[path.length - 1];
    // An argv: split as written, then render inside each word, so a value is one word.
    if (path.length === 1 && typeof key === 'string' && words.includes(key) && (typeof v === 'string' || Array.isArray(v))) {
      // `argv: "{{ cmd_list }}"`: a list var is the argv, item by item (each item one word).
      const list = typeof v === 'string' && isSoleExpression(v) ? at(path, () => renderValue(v, scope)) : undefined;
      if (Array.isArray(list)) return list.map((w) => (typeof w === 'string' ? w : pythonStr(w)));
      return (typeof v === 'string' ? splitWords(v) : v).map((w, i) => (typeof w === 'string' ? at(typeof v === 'string' ? path : [...path, i], () => renderText(w, scope)) : w));
    }
    if (typeof v === 'string') {
      if (t.module === 'template' && key === 'template') return v;
      return at(path, () => renderValue(v, scope));
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return v;
  };
  return walk(t.args, []) as Record<string, unknown>;
}

const valueAt = (v: unknown, path: readonly PathSeg[]): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), v);

type Placed = { path: PathSeg[]; line: number; col: number };

function templatesOf(t: Task): Placed[] {
  return t.templates ?? templatedPaths(t.args).map((path) => ({ path, line: t.at.line, col: t.at.col }));
}

const under = (path: readonly PathSeg[], prefix: readonly PathSeg[]): boolean => prefix.every((s, i) => s === path[i]);

/** A template failure as a positioned problem: at the inventory var it happened in, or at the task's arg. */
function templateProblem(t: Task, e: ArgTemplateError, varAt: VarLocator | undefined): SourceProblem {
  const tpl = templatesOf(t).filter((x) => under(e.path, x.path)).at(-1);
  const argPath = `${t.module}.${formatPath(e.path)}`.replace(/\.$/, '');
  const taskAt = `task ${JSON.stringify(t.name ?? t.module)} at ${t.at.file}:${tpl?.line ?? t.at.line}`;
  const { via, offset, message } = e.error;
  if (via.length > 0) {
    const inner = via[via.length - 1]!;
    const chain = via.length > 1 ? ` (reached through ${via.join(' → ')})` : '';
    const loc = varAt?.(inner);
    const what = `${message} in the value of var ${inner}${chain}, at character ${offset + 1}; used by ${taskAt} (${argPath})`;
    if (loc) return { file: loc.file, line: loc.line, col: loc.col, path: loc.path, message: what };
    return { file: t.at.file, line: tpl?.line ?? t.at.line, col: tpl?.col ?? t.at.col, path: argPath, message: what };
  }
  const written = valueAt(t.args, e.path);
  const where = typeof written === 'string' ? ` (at character ${offset + 1} of ${JSON.stringify(written)})` : '';
  return { file: t.at.file, line: tpl?.line ?? t.at.line, col: tpl?.col ?? t.at.col, path: argPath, message: `${message}${where}` };
}

/** The args for this host, or a ConfigError placing each problem at the `{{ }}` that caused it. */
export function taskArgs(t: Task, vars: Record<string, unknown>, secretList: readonly string[] | (() => readonly string[]), varAt?: VarLocator): Record<string, unknown> {
  let args: Record<string, unknown>;
  try {
    args = templatedArgs(t, vars);
  } catch (e) {
    if (e instanceof ArgTemplateError) throw new ConfigError([templateProblem(t, e, varAt)]);
    throw e;
  }
  const spec = MODULE_CATALOG[t.module];
  const templates = templatesOf(t);
  if (templates.length === 0 || !spec) return args;
  const problems = argProblems(spec, args);
  if (problems.length === 0) return args;
  // Asked for after rendering: what the templates reached through hostvars counts too.
  const secrets = typeof secretList === 'function' ? secretList() : secretList;
  throw new ConfigError(
    problems.map((p): SourceProblem => {
      const tpl = templates.filter((x) => x.path.every((s, i) => s === p.path[i])).at(-1) ?? templates[0]!;
      const written = valueAt(t.args, tpl.path);
      const got = JSON.stringify(valueAt(args, tpl.path)) ?? 'undefined';
      const shown = secrets.some((s) => got.includes(s)) ? '(a secret value, hidden)' : got;
      // The schema's own message quotes the value too.
      const said = secrets.reduce((m, s) => m.split(s).join('********'), p.message);
      return {
        file: t.at.file,
        line: tpl.line,
        col: tpl.col,
        path: `${t.module}.${formatPath(p.path)}`.replace(/\.$/, ''),
        message: `${said} (after substitution ${JSON.stringify(written)} gave ${shown})`,
      };
    }),
  );
}
