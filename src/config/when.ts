/**
 * `when:` conditions: the expression is parsed and evaluated by src/template (pure, no eval), so
 * precedence, truthiness, `in`, filters and tests mean exactly what they mean in a task argument.
 * This file restricts that subset further to what a network change needs (docs/playbook.md#when)
 * and refuses the rest at load time, naming it. A list of conditions means all of them (Ansible).
 */
import { evaluate, isUndefinedValue, parseExpression, pythonTruthy, scopeOf, TemplateError, type Node } from '../template/index.ts';
import { checkCondition, ConditionError } from './when-subset.ts';

export { ConditionError } from './when-subset.ts';

export interface Condition {
  text: string;
  node: Node;
  /** Written as `{{ … }}`: Ansible warns and renders it first; tsprov strips the braces. */
  braced: boolean;
}

const TEMPLATE_MARK = /\{\{|\{%|\{#|\}\}/;

/** Where the expression sits in `text`, and whether it was wrapped in one `{{ }}`. */
function bounds(text: string): { start: number; end: number; braced: boolean } {
  const m = /^(\s*\{\{)([^]*?)(\}\}\s*)$/.exec(text);
  if (m && !TEMPLATE_MARK.test(m[2]!)) return { start: m[1]!.length, end: m[1]!.length + m[2]!.length, braced: true };
  const mark = TEMPLATE_MARK.exec(text);
  if (mark) {
    const what = mark[0] === '{%' ? 'a Jinja statement ({% %})' : mark[0] === '{#' ? 'a Jinja comment ({# #})' : '{{ }} around part of a condition';
    throw new ConditionError(`${what} is not supported; write the bare expression, e.g. when: x == 1`, mark.index);
  }
  return { start: 0, end: text.length, braced: false };
}

/** Parses one condition; throws ConditionError (message and offset) naming what is not supported. */
export function parseCondition(text: string): Condition {
  const { start, end, braced } = bounds(text);
  if (text.slice(start, end).trim() === '') throw new ConditionError('an empty condition is not supported; omit when: or write when: true', start);
  let node: Node;
  try {
    node = parseExpression(text, start, end, { escapes: false });
  } catch (e) {
    if (e instanceof TemplateError) throw new ConditionError(e.message.replace(/ in tsprov templates/, ' in when'), e.offset);
    throw e;
  }
  checkCondition(node);
  return { text, node, braced };
}

/** The load-time message for a refused condition, in the style of other template errors. */
export function conditionProblem(text: string, e: unknown): string {
  if (!(e instanceof ConditionError)) throw e;
  return `unsupported condition ${JSON.stringify(text)}: ${e.message} (at character ${e.offset + 1}; see docs/playbook.md#when)`;
}

/**
 * True when the condition holds for `vars`, with Jinja's `{% if %}` truthiness. An undefined
 * var that is not tested with `is defined` is an error, as in Ansible.
 */
export function evaluateCondition(c: Condition, vars: Record<string, unknown>): boolean {
  let value: unknown;
  try {
    value = evaluate(c.node, scopeOf(vars));
  } catch (e) {
    if (e instanceof TemplateError) throw new Error(`condition ${JSON.stringify(c.text)} failed: ${e.message}`);
    throw e;
  }
  if (isUndefinedValue(value)) throw new Error(`condition ${JSON.stringify(c.text)} failed: ${value.hint}`);
  // Ansible renders `{{ x }}` first and evaluates resulting text again as a condition, so
  // x: "no" would name a variable `no`. tsprov does not evaluate data as code.
  if (c.braced && typeof value === 'string') {
    throw new Error(`condition ${JSON.stringify(c.text)}: its value is the text ${JSON.stringify(value)}, which Ansible would evaluate again as a condition and tsprov does not; drop the {{ }} (and use | bool for "yes"/"no")`);
  }
  return pythonTruthy(value);
}

/** Evaluates a `when:` (string or list, all must hold); throws on unsupported syntax or an undefined var. */
export function evaluateWhen(expr: string | boolean | readonly (string | boolean)[] | undefined, vars: Record<string, unknown>): boolean {
  if (expr === undefined) return true;
  const list = Array.isArray(expr) ? expr : [expr];
  return list.every((e) => (typeof e === 'boolean' ? e : evaluateCondition(parseWhenOrThrow(e), vars)));
}

function parseWhenOrThrow(text: string): Condition {
  try {
    return parseCondition(text);
  } catch (e) {
    throw new Error(conditionProblem(text, e));
  }
}
