/**
 * A deliberately small template language: `{{ name }}` and `{{ a.b.0 }}` substitute vars, and
 * `{{ name | quote }}` shell-quotes the value (config/template-syntax.ts); nothing is evaluated.
 * A missing var or an unknown filter is an error, never text that lands on a host.
 */
import { FILTERS, parseExpressions } from '../config/template-syntax.ts';

const SOLE_EXPRESSION = /^\s*\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}\s*$/;

/** The var path when `text` is one `{{ var }}` and nothing else, e.g. "{{ a.b }}" → "a.b". */
export function soleVar(text: string): string | undefined {
  return SOLE_EXPRESSION.exec(text)?.[1];
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function renderTemplate(text: string, vars: Record<string, unknown>): string {
  const { expressions, problems } = parseExpressions(text);
  if (problems.length > 0) throw new Error(`template: ${problems.join('; ')}`);
  let out = '';
  let at = 0;
  for (const e of expressions) {
    const value = e.filters.reduce((v, f) => FILTERS[f]!(v), asText(lookupVar(e.path, vars)));
    out += text.slice(at, e.start) + value;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The value of a dotted var path; throws on a missing one. */
export function lookupVar(path: string, vars: Record<string, unknown>): unknown {
  let v: unknown = vars;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(part in (v as object))) throw new Error(`template: undefined variable ${path}`);
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
