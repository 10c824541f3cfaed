/**
 * A deliberately small template language: `{{ name }}` and `{{ a.b.0 }}` substitute vars;
 * nothing is evaluated. A missing var is an error, never an empty string that lands on a host.
 */
const VAR_PATH = String.raw`\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}`;
const EXPRESSION = new RegExp(VAR_PATH, 'g');
const SOLE_EXPRESSION = new RegExp(String.raw`^\s*${VAR_PATH}\s*$`);

/** The var path when `text` is one `{{ var }}` and nothing else, e.g. "{{ a.b }}" → "a.b". */
export function soleVar(text: string): string | undefined {
  return SOLE_EXPRESSION.exec(text)?.[1];
}

export function renderTemplate(text: string, vars: Record<string, unknown>): string {
  return text.replace(EXPRESSION, (_m, path: string) => {
    const v = lookupVar(path, vars);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
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
