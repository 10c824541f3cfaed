/**
 * Module args that use `{{ var }}`. Like Ansible, such an argument is checked against its module's
 * schema after substitution, per host: at load time only the rest of the args are checked, and
 * the module's own cross-field rules wait for the substituted values.
 */
import { splitWords } from './argv.ts';
import type { ArgProblem, ModuleSpec } from './module-catalog.ts';
import { checkSchema } from './schema-check.ts';
import type { PathSeg, ProblemSink } from './source.ts';
import { checkTemplate, hasTemplate as holdsTemplate } from '../template/index.ts';

// `{{ }}`, `{% %}` or `{# #}`: a statement is found here too, so it is refused rather than copied.
const hasTemplate = (v: unknown): v is string => typeof v === 'string' && holdsTemplate(v);

/** A template problem in text as written, placed by character (1-based) within the value. */
export function templateProblem(text: string): string | undefined {
  const e = checkTemplate(text);
  return e ? `${e.message} (at character ${e.offset + 1} of ${JSON.stringify(text)})` : undefined;
}

/** Paths (relative to the args) of every string that uses `{{ }}`. */
export function templatedPaths(args: unknown, at: PathSeg[] = []): PathSeg[][] {
  if (hasTemplate(args)) return [at];
  if (Array.isArray(args)) return args.flatMap((v, i) => templatedPaths(v, [...at, i]));
  if (args && typeof args === 'object') return Object.entries(args).flatMap(([k, v]) => templatedPaths(v, [...at, k]));
  return [];
}

const under = (path: readonly PathSeg[], prefix: readonly PathSeg[]): boolean =>
  prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/**
 * Load-time check of a task's args: schema and value errors on a templated value are left for
 * plan time; the module's own cross-field rules run only when nothing is templated.
 */
export function checkArgsAsWritten(spec: ModuleSpec, args: unknown, base: PathSeg[], sink: ProblemSink): void {
  // The text as written, so never deferred: a bad filter or quote is wrong on every host.
  for (const p of syntaxProblems(spec, args)) sink.add([...base, ...p.path], p.message);
  const deferred = templatedPaths(args).map((p) => [...base, ...p]);
  const filtered = {
    add(path: readonly PathSeg[], message: string, opts?: { key?: boolean }): void {
      if (!deferred.some((d) => under(path, d))) sink.add(path, message, opts);
    },
  };
  const schemaOk = checkSchema(spec.schema, args, base, filtered);
  for (const p of spec.checkValues?.(args) ?? []) filtered.add([...base, ...p.path], p.message, { key: p.key });
  if (schemaOk && deferred.length === 0 && spec.check) {
    for (const p of spec.check(args)) filtered.add([...base, ...p.path], p.message, { key: p.key });
  }
}

/** Plan-time check of substituted args: every schema and value problem, then the module's own rules. */
export function argProblems(spec: ModuleSpec, args: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  const ok = checkSchema(spec.schema, args, [], { add: (path, message) => void out.push({ path: [...path], message }) });
  out.push(...(spec.checkValues?.(args) ?? []));
  if (ok && spec.check) out.push(...spec.check(args));
  return out;
}

/** Template errors no host could fix (syntax, unknown filter or test), and argv strings that do not split (an unbalanced quote). */
export function syntaxProblems(spec: ModuleSpec, args: unknown): ArgProblem[] {
  const out: ArgProblem[] = [];
  for (const path of templatedPaths(args)) {
    const text = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], args) as string;
    const message = templateProblem(text);
    if (message) out.push({ path, message });
  }
  if (!args || typeof args !== 'object') return out;
  for (const key of spec.words ?? []) {
    const v = (args as Record<string, unknown>)[key];
    if (typeof v !== 'string') continue;
    try {
      if (splitWords(v).length === 0) out.push({ path: [key], message: 'has no words to run' });
    } catch (e) {
      out.push({ path: [key], message: (e as Error).message });
    }
  }
  return out;
}
