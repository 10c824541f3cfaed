/**
 * tsprov's templating, in one place: pure functions from template text and vars to text, a
 * value, or a TemplateError at an offset. Every caller (playbook load checks, task args, the
 * template module, inventory vars) goes through here. The supported subset is docs/templating.md.
 */
export { TemplateError, lineCol } from './errors.ts';
export { checkTemplate, expressionsOf, isSoleExpression, walkNodes, renderText, renderValue, scopeOf, type RenderOptions } from './render.ts';
export { LazyMap, Scope, hasTemplate, literal } from './scope.ts';
export { certainRefs } from './refs.ts';
export { FILTERS } from './filters.ts';
export { TESTS } from './tests.ts';
export { str as pythonStr } from './values.ts';

import { renderText, scopeOf, type RenderOptions } from './render.ts';

/** Renders `text` with `vars` (lazily templated where they hold `{{ }}` themselves). */
export function renderTemplate(text: string, vars: Readonly<Record<string, unknown>>, opts: RenderOptions = {}): string {
  return renderText(text, scopeOf(vars), opts);
}

// For `when:`, which is one bare expression (no `{{ }}`) restricted further by src/config/when.ts.
export type { Node } from './ast.ts';
export { parseExpression } from './parser.ts';
export { evaluate } from './evaluate.ts';
export { isUndefined as isUndefinedValue, truthy as pythonTruthy } from './values.ts';
