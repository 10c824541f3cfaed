/**
 * Splits a template text into literal text and `{{ … }}` expressions. `{# … #}` comments are
 * dropped, `{% raw %}…{% endraw %}` is literal text; every other `{% … %}` statement is refused
 * at its offset (tsprov renders expressions, it does not run Jinja programs). `{{-` and `-}}`
 * trim the whitespace beside them as in Jinja.
 */
import type { Node } from './ast.ts';
import { TemplateError } from './errors.ts';
import type { LexOptions } from './lexer.ts';
import { parseExpression } from './parser.ts';

export type Segment = { kind: 'text'; text: string } | { kind: 'expr'; node: Node; start: number; end: number };

const OPEN = /\{\{|\{%|\{#/g;

/** The end of a `{{ }}` block: the first `}}` outside strings and brackets (Jinja balances them too). */
function exprEnd(src: string, from: number): number {
  const stack: string[] = [];
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'" || c === '"') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (stack.length === 0 && src.startsWith('}}', i)) return i;
    if (c === '(' || c === '[' || c === '{') stack.push(c === '(' ? ')' : c === '[' ? ']' : '}');
    else if (c === stack[stack.length - 1]) stack.pop();
  }
  return -1;
}

const trimEnd = (s: string): string => s.replace(/\s+$/, '');

export function scan(src: string, opts: LexOptions): Segment[] {
  const out: Segment[] = [];
  let text = '';
  let at = 0;
  let trimNext = false;
  const pushText = (s: string): void => {
    text += trimNext ? s.replace(/^\s+/, '') : s;
    trimNext = false;
  };
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(src); m; m = OPEN.exec(src)) {
    const start = m.index;
    pushText(src.slice(at, start));
    let inner = start + 2;
    if (src[inner] === '-' || src[inner] === '+') {
      if (src[inner] === '-') text = trimEnd(text);
      inner++;
    }
    if (m[0] === '{#') {
      const end = src.indexOf('#}', inner);
      if (end < 0) throw new TemplateError('unterminated comment {# … #}', start);
      trimNext = src[end - 1] === '-';
      at = OPEN.lastIndex = end + 2;
      continue;
    }
    if (m[0] === '{%') {
      const end = src.indexOf('%}', inner);
      const body = src.slice(inner, end < 0 ? src.length : end).replace(/-$/, '').trim();
      if (body !== 'raw') {
        const word = /^\w+/.exec(body)?.[0];
        throw new TemplateError(
          `Jinja statements are not supported in tsprov templates ({% ${word ?? body} %}); only {{ expressions }} are (see docs/templating.md), use {% raw %}…{% endraw %} for literal braces`,
          start,
        );
      }
      const close = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
      close.lastIndex = end + 2;
      const c = close.exec(src);
      if (!c) throw new TemplateError('{% raw %} without {% endraw %}', start);
      pushText(src.slice(end + 2, c.index));
      at = OPEN.lastIndex = c.index + c[0].length;
      continue;
    }
    const end = exprEnd(src, inner);
    if (end < 0) throw new TemplateError('unterminated {{ … }} (no closing }})', start);
    let exprEndAt = end;
    if (src[end - 1] === '-' && end - 1 >= inner) {
      exprEndAt = end - 1;
      trimNext = true;
    }
    if (src.slice(inner, exprEndAt).trim() === '') throw new TemplateError('empty expression {{ }}', start);
    if (text) out.push({ kind: 'text', text });
    text = '';
    out.push({ kind: 'expr', node: parseExpression(src, inner, exprEndAt, opts), start, end: end + 2 });
    at = OPEN.lastIndex = end + 2;
  }
  pushText(src.slice(at));
  if (text) out.push({ kind: 'text', text });
  return out;
}
