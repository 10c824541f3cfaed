/**
 * A task's args for one host: `{{ var }}` substituted, then, where anything was substituted,
 * checked against the module's schema as Ansible does after templating. A wrong value fails
 * this host with the file and line of the arg, never the whole run.
 */
import type { Task } from '../config/playbook.ts';
import { formatPath, type PathSeg } from '../config/source.ts';
import { splitWords } from '../config/argv.ts';
import { argProblems, templatedPaths } from '../config/template-args.ts';
import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { MODULE_CATALOG } from '../modules/schemas.ts';
import { lookupVar, renderTemplate, soleVar } from '../modules/template-engine.ts';

/**
 * Every string of the args rendered; the `template` module's own text is left to that module.
 * An arg that is one `{{ var }}` and nothing else takes the var's value as it is (a number stays a
 * number, a list a list), so `confirm_timeout: "{{ t }}"` fits an integer arg.
 */
export function templatedArgs(t: Task, vars: Record<string, unknown>): Record<string, unknown> {
  const words = MODULE_CATALOG[t.module]?.words ?? [];
  const walk = (v: unknown, key?: string): unknown => {
    // An argv: split as written, then substitute inside each word, so a value is one word.
    if (key !== undefined && words.includes(key) && (typeof v === 'string' || Array.isArray(v))) {
      // `argv: "{{ cmd_list }}"`: a list var is the argv, item by item (each item one word).
      const sole = typeof v === 'string' ? soleVar(v) : undefined;
      const list = sole === undefined ? undefined : lookupVar(sole, vars);
      if (Array.isArray(list)) return list.map((w) => (typeof w === 'string' ? w : JSON.stringify(w)));
      return (typeof v === 'string' ? splitWords(v) : v).map((w) => (typeof w === 'string' ? renderTemplate(w, vars) : w));
    }
    if (typeof v === 'string') {
      if (t.module === 'template' && key === 'template') return v;
      const sole = soleVar(v);
      if (sole) {
        const value = lookupVar(sole, vars);
        if (typeof value !== 'string') return value;
      }
      return renderTemplate(v, vars);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(t.args) as Record<string, unknown>;
}

const valueAt = (v: unknown, path: readonly PathSeg[]): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), v);

/** The args for this host, or a ConfigError placing each problem at the `{{ }}` that caused it. */
export function taskArgs(t: Task, vars: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  const args = templatedArgs(t, vars);
  const spec = MODULE_CATALOG[t.module];
  const templates = t.templates ?? templatedPaths(t.args).map((path) => ({ path, line: t.at.line, col: t.at.col }));
  if (templates.length === 0 || !spec) return args;
  const problems = argProblems(spec, args);
  if (problems.length === 0) return args;
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
