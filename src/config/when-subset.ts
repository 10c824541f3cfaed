/**
 * The part of the template expression language a `when:` may use (docs/playbook.md#when). The
 * template parser accepts more (arithmetic, `~`, inline if, every filter); a condition on a
 * network change should read as a plain comparison, so the rest is refused here by name.
 */
import type { Node } from '../template/index.ts';

export class ConditionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Filters a condition may apply to a var, with how many positional arguments each takes (src/template/filters.ts). */
export const WHEN_FILTERS: Readonly<Record<string, number>> = { bool: 0, length: 0, count: 0, int: 2, lower: 0, upper: 0, trim: 1, string: 0, default: 2, d: 2 };
/**
 * Tests a condition may use, with how many literal arguments each takes. `changed`, `failed`,
 * `succeeded`, `skipped` (and Ansible's aliases) read a registered task result.
 */
export const WHEN_TEST_ARGS: Readonly<Record<string, number>> = {
  defined: 0, undefined: 0, none: 0, true: 0, false: 0,
  changed: 0, change: 0, failed: 0, failure: 0, succeeded: 0, success: 0, successful: 0, skipped: 0, skip: 0,
  search: 1, match: 1,
};
export const WHEN_TESTS: readonly string[] = Object.keys(WHEN_TEST_ARGS);

const refuse = (what: string, at: number, hint?: string): never => {
  throw new ConditionError(`${what} is not supported in when${hint ? `; ${hint}` : ''}`, at);
};

/** What a refused node is, in a user's words. */
function describe(n: Node): string {
  switch (n.type) {
    case 'arith':
      return `arithmetic (${n.op})`;
    case 'neg':
      return 'unary minus on a variable';
    case 'concat':
      return 'the ~ operator';
    case 'cond':
      return 'an inline if/else';
    case 'dict':
      return 'a dict literal';
    case 'bool':
      return `"${n.op}" inside a comparison or filter`;
    case 'not':
      return '"not" inside a comparison or filter';
    case 'compare':
      return 'a comparison used as a value';
    case 'test':
      return 'a test used as a value';
    default:
      return `this ${n.type}`;
  }
}

const isLiteral = (n: Node): boolean => n.type === 'lit' || (n.type === 'neg' && n.operand.type === 'lit' && typeof n.operand.value === 'number');
const isLiteralList = (n: Node): boolean => n.type === 'list' && n.items.every(isLiteral);

/** A var, `a.b`, `a['b']`, `a[0]`, optionally through the allowed filters; true when it reads a var. */
function operand(n: Node): boolean {
  switch (n.type) {
    case 'name':
      return true;
    case 'get':
      if (!isLiteral(n.key)) return refuse('an index that is not a literal', n.key.at);
      return operand(n.obj) || refuse('indexing a literal', n.at);
    case 'filter': {
      // The input first, so the first refused filter in reading order is the one named.
      const reads = operand(n.input);
      const max = Object.hasOwn(WHEN_FILTERS, n.name) ? WHEN_FILTERS[n.name]! : undefined;
      if (max === undefined) return refuse(`filter "${n.name}"`, n.at, `filters there: ${Object.keys(WHEN_FILTERS).join(', ')}`);
      if (Object.keys(n.kwargs).length) return refuse(`a keyword argument to filter "${n.name}"`, n.at);
      if (n.args.length > max) return refuse(`filter "${n.name}" with ${n.args.length} argument${n.args.length === 1 ? '' : 's'}`, n.at);
      for (const a of n.args) if (!isLiteral(a)) return refuse(`a filter argument that is not a literal`, a.at);
      return reads;
    }
    case 'lit':
      return false;
    case 'list':
      if (!isLiteralList(n)) return refuse('a list holding anything but literals', n.at);
      return false;
    default:
      if (isLiteral(n)) return false;
      return refuse(describe(n), n.at);
  }
}

function atom(n: Node): boolean {
  switch (n.type) {
    case 'bool': {
      // Both sides are checked: a refusal on the right must not hide behind a valid left.
      const left = atom(n.left);
      return atom(n.right) || left;
    }
    case 'not':
      return atom(n.operand);
    case 'compare': {
      if (n.rest.length > 1) return refuse('a chained comparison (a < b < c)', n.rest[1]!.at, 'use and');
      const r = n.rest[0]!;
      if (n.first.type === 'list' && !['in', 'not in'].includes(r.op)) return refuse('a list on the left of a comparison', n.first.at);
      if (r.right.type === 'list' && !['in', 'not in', '==', '!='].includes(r.op)) return refuse(`a list on the right of "${r.op}"`, r.right.at);
      const left = operand(n.first);
      return operand(r.right) || left || refuse('a comparison of two literals', n.at, 'its result never changes');
    }
    case 'test':
      if (!WHEN_TESTS.includes(n.name)) return refuse(`test "${n.name}"`, n.at, `tests there: ${WHEN_TESTS.join(', ')}`);
      if (n.args.length > WHEN_TEST_ARGS[n.name]!) return refuse(`an argument to test "${n.name}"`, n.args[WHEN_TEST_ARGS[n.name]!]!.at);
      for (const a of n.args) if (!isLiteral(a)) return refuse(`a test argument that is not a literal`, a.at);
      return operand(n.input) || refuse('a test on a literal', n.at);
    default:
      return operand(n);
  }
}

/** Throws ConditionError at the first construct a `when:` may not use. */
export function checkCondition(node: Node): void {
  if (!atom(node)) refuse('a condition that uses no variable', node.at, 'write when: true or when: false (YAML booleans)');
}
