/**
 * A recursive-descent parser for the Jinja expression subset (docs/templating.md), with Jinja's
 * precedence: `x if c else y` < or < and < not < comparisons/in < ~ < + - < unary - <
 * filters `|` and tests `is` < `.attr` `[key]`. Anything else Jinja has (calls, `*`, `/`,
 * slices, …) is refused by name at its offset.
 */
import type { Node } from './ast.ts';
import { TemplateError } from './errors.ts';
import { tokenize, type LexOptions, type Token } from './lexer.ts';

const CONSTANTS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null };
const COMPARE = new Set(['==', '!=', '<', '>', '<=', '>=']);
const REFUSED_OPS: Record<string, string> = { '*': 'multiplication', '/': 'division', '//': 'floor division', '%': 'the % operator', '**': 'the ** operator' };
// Names that end an argument-less test (`x is defined and y`), as in Jinja.
const STOP_WORDS = new Set(['else', 'or', 'and', 'if', 'is', 'in', 'not']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.i]!;
  }
  private peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  private isOp(text: string, t = this.tok): boolean {
    return t.kind === 'op' && t.text === text;
  }
  private isName(text: string, t = this.tok): boolean {
    return t.kind === 'name' && t.text === text;
  }
  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'end') this.i++;
    return t;
  }
  private expect(text: string): Token {
    if (!this.isOp(text)) throw this.unexpected(`expected ${JSON.stringify(text)}`);
    return this.next();
  }
  unexpected(what: string): TemplateError {
    const t = this.tok;
    if (t.kind === 'op' && Object.hasOwn(REFUSED_OPS, t.text)) return new TemplateError(`${REFUSED_OPS[t.text]} (${t.text}) is not supported in tsprov templates`, t.at);
    return new TemplateError(`${what}, got ${t.kind === 'end' ? 'the end of the expression' : JSON.stringify(t.text)}`, t.at);
  }

  parseAll(): Node {
    const node = this.expression();
    if (this.tok.kind !== 'end') throw this.unexpected('expected the end of the expression');
    return node;
  }

  expression(): Node {
    const then = this.or();
    if (!this.isName('if')) return then;
    const at = this.next().at;
    const test = this.or();
    let otherwise: Node | undefined;
    if (this.isName('else')) {
      this.next();
      otherwise = this.expression();
    }
    return { type: 'cond', test, then, else: otherwise, at };
  }

  private or(): Node {
    let left = this.and();
    while (this.isName('or')) {
      const at = this.next().at;
      left = { type: 'bool', op: 'or', left, right: this.and(), at };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isName('and')) {
      const at = this.next().at;
      left = { type: 'bool', op: 'and', left, right: this.not(), at };
    }
    return left;
  }

  private not(): Node {
    if (this.isName('not')) {
      const at = this.next().at;
      return { type: 'not', operand: this.not(), at };
    }
    return this.compare();
  }

  private compare(): Node {
    const first = this.concat();
    const rest: { op: string; right: Node; at: number }[] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind === 'op' && COMPARE.has(t.text)) {
        this.next();
        rest.push({ op: t.text, right: this.concat(), at: t.at });
      } else if (this.isName('in')) {
        this.next();
        rest.push({ op: 'in', right: this.concat(), at: t.at });
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        this.next();
        this.next();
        rest.push({ op: 'not in', right: this.concat(), at: t.at });
      } else break;
    }
    return rest.length ? { type: 'compare', first, rest, at: first.at } : first;
  }

  private concat(): Node {
    const parts = [this.arith()];
    while (this.isOp('~')) {
      this.next();
      parts.push(this.arith());
    }
    return parts.length > 1 ? { type: 'concat', parts, at: parts[0]!.at } : parts[0]!;
  }

  private arith(): Node {
    let left = this.unary();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { type: 'arith', op: t.text as '+' | '-', left, right: this.unary(), at: t.at };
    }
    return left;
  }

  // As in Jinja, `-x | f` is `(-x) | f`: the operand of a unary minus takes no filters itself.
  private unary(withFilters = true): Node {
    let node: Node;
    if (this.isOp('-')) {
      const at = this.next().at;
      node = { type: 'neg', operand: this.unary(false), at };
    } else node = this.postfix(this.primary());
    return withFilters ? this.filters(node) : node;
  }

  private filters(node: Node): Node {
    for (;;) {
      if (this.isOp('|')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'name') {
          this.i--;
          throw this.unexpected('expected a filter name after "|"');
        }
        const { args, kwargs } = this.isOp('(') ? this.callArgs() : { args: [], kwargs: {} };
        node = { type: 'filter', name: name.text, input: node, args, kwargs, at: name.at };
      } else if (this.isName('is')) {
        this.next();
        let negate = false;
        if (this.isName('not')) {
          this.next();
          negate = true;
        }
        const name = this.next();
        if (name.kind !== 'name') {
          this.i--;
          throw this.unexpected('expected a test name after "is"');
        }
        let args: Node[] = [];
        if (this.isOp('(')) {
          const call = this.callArgs();
          if (Object.keys(call.kwargs).length) throw new TemplateError(`test ${name.text}: keyword arguments are not supported`, name.at);
          args = call.args;
        } else if (this.startsPrimary()) {
          // Jinja's `x is divisibleby 3`, `x is sameas false`: one argument without parentheses.
          args = [this.postfix(this.primary())];
        }
        node = { type: 'test', name: name.text, input: node, args, negate, at: name.at };
      } else return node;
    }
  }

  private startsPrimary(): boolean {
    const t = this.tok;
    if (t.kind === 'string' || t.kind === 'number') return true;
    if (t.kind === 'name') return !STOP_WORDS.has(t.text);
    return t.kind === 'op' && (t.text === '[' || t.text === '{');
  }

  private callArgs(): { args: Node[]; kwargs: Record<string, Node> } {
    this.expect('(');
    const args: Node[] = [];
    const kwargs: Record<string, Node> = {};
    while (!this.isOp(')')) {
      if (this.tok.kind === 'name' && this.isOp('=', this.peek())) {
        const key = this.next();
        this.next();
        if (Object.hasOwn(kwargs, key.text)) throw new TemplateError(`keyword argument ${key.text} given twice`, key.at);
        kwargs[key.text] = this.expression();
      } else {
        if (Object.keys(kwargs).length) throw this.unexpected('a positional argument cannot follow a keyword argument');
        args.push(this.expression());
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expect(')');
    return { args, kwargs };
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.')) {
        const at = this.next().at;
        const t = this.next();
        if (t.kind === 'name') node = { type: 'get', obj: node, key: { type: 'lit', value: t.text, at: t.at }, dotted: true, at };
        else if (t.kind === 'number' && /^\d+$/.test(t.text)) node = { type: 'get', obj: node, key: { type: 'lit', value: t.value, at: t.at }, dotted: true, at };
        else {
          this.i--;
          throw this.unexpected('expected a name or an index after "."');
        }
      } else if (this.isOp('[')) {
        const at = this.next().at;
        if (this.isOp(':')) throw new TemplateError('slices ([a:b]) are not supported in tsprov templates', this.tok.at);
        const key = this.expression();
        if (this.isOp(':')) throw new TemplateError('slices ([a:b]) are not supported in tsprov templates', this.tok.at);
        this.expect(']');
        node = { type: 'get', obj: node, key, dotted: false, at };
      } else if (this.isOp('(')) {
        throw new TemplateError('calls (lookup(), range(), methods like .split()) are not supported in tsprov templates; use a filter', this.tok.at);
      } else return node;
    }
  }

  private primary(): Node {
    const t = this.tok;
    if (t.kind === 'string') {
      this.next();
      // Adjacent literals concatenate, as in Python and Jinja: 'a' 'b'.
      let value = t.value;
      while (this.tok.kind === 'string') value += (this.next() as { value: string }).value;
      return { type: 'lit', value, at: t.at };
    }
    if (t.kind === 'number') {
      this.next();
      return { type: 'lit', value: t.value, at: t.at };
    }
    if (t.kind === 'name') {
      if (STOP_WORDS.has(t.text) && t.text !== 'not') throw this.unexpected('expected a value');
      this.next();
      if (Object.hasOwn(CONSTANTS, t.text)) return { type: 'lit', value: CONSTANTS[t.text], at: t.at };
      return { type: 'name', name: t.text, at: t.at };
    }
    if (this.isOp('(')) {
      this.next();
      const inner = this.expression();
      if (this.isOp(',')) throw new TemplateError('tuples are not supported in tsprov templates; use a list [a, b]', this.tok.at);
      this.expect(')');
      return inner;
    }
    if (this.isOp('[')) {
      const at = this.next().at;
      const items: Node[] = [];
      while (!this.isOp(']')) {
        items.push(this.expression());
        if (!this.isOp(',')) break;
        this.next();
      }
      this.expect(']');
      return { type: 'list', items, at };
    }
    if (this.isOp('{')) {
      const at = this.next().at;
      const entries: [Node, Node][] = [];
      while (!this.isOp('}')) {
        const key = this.expression();
        this.expect(':');
        entries.push([key, this.expression()]);
        if (!this.isOp(',')) break;
        this.next();
      }
      this.expect('}');
      return { type: 'dict', entries, at };
    }
    throw this.unexpected('expected a value');
  }
}

/** The tree of the expression between `start` and `end` of `src`; throws TemplateError. */
export function parseExpression(src: string, start: number, end: number, opts: LexOptions): Node {
  return new Parser(tokenize(src, start, end, opts)).parseAll();
}
