/**
 * The syntax of `{{ … }}`: a dotted var path, optionally piped through filters
 * (`{{ motd_text | quote }}`). Only `quote` exists. It lives in config so the loader can refuse an
 * unknown filter at file:line:col; the template engine (modules/) renders with the same parse, so
 * a filter it does not know is an error there too, never literal output on a host.
 */
import { shq } from '../core/quote.ts';

const VAR = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;
const FILTER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const FILTERS: Record<string, (value: string) => string> = {
  // Shell-quotes with the one quoting helper: the value is one literal word to `sh`.
  quote: (v) => shq(v),
};

export interface Expression {
  start: number;
  end: number;
  path: string;
  filters: string[];
}

/**
 * Every `{{ var }}` / `{{ var | filter }}` in `text`, and a message per bad filter. A `{{ … }}`
 * whose head is not a var path is left alone (text, as before filters existed).
 */
export function parseExpressions(text: string): { expressions: Expression[]; problems: string[] } {
  const expressions: Expression[] = [];
  const problems: string[] = [];
  for (const m of text.matchAll(/\{\{(.*?)\}\}/gs)) {
    const [head, ...rest] = m[1]!.split('|').map((s) => s.trim());
    if (!VAR.test(head!)) continue;
    const bad = rest.filter((f) => !FILTER_NAME.test(f) || !Object.hasOwn(FILTERS, f));
    for (const f of bad) {
      problems.push(`unknown filter ${JSON.stringify(f)} in ${JSON.stringify(m[0])} at character ${m.index + 1} (known filters: ${Object.keys(FILTERS).join(', ')})`);
    }
    if (bad.length === 0) expressions.push({ start: m.index, end: m.index + m[0].length, path: head!, filters: rest });
  }
  return { expressions, problems };
}
