/**
 * The vars a template text reads every time it is rendered, found without evaluating it: every
 * name except those in an `x if c else y` branch, on the right of `and`/`or`, or past the first
 * link of a comparison chain (which evaluation may skip). Used to find reference loops between
 * lazy vars statically: a loop through such names fails whenever one of its vars is used.
 */
import type { Node } from './ast.ts';
import { TemplateError } from './errors.ts';
import { scan } from './scan.ts';

function walk(n: Node, out: Map<string, number>): void {
  switch (n.type) {
    case 'lit':
      return;
    case 'name':
      if (!out.has(n.name)) out.set(n.name, n.at);
      return;
    case 'get':
      walk(n.obj, out);
      walk(n.key, out);
      return;
    case 'list':
      n.items.forEach((x) => walk(x, out));
      return;
    case 'dict':
      n.entries.flat().forEach((x) => walk(x, out));
      return;
    case 'filter':
      [n.input, ...n.args, ...Object.values(n.kwargs)].forEach((x) => walk(x, out));
      return;
    case 'test':
      [n.input, ...n.args].forEach((x) => walk(x, out));
      return;
    case 'not':
    case 'neg':
      walk(n.operand, out);
      return;
    case 'bool':
      walk(n.left, out);
      return;
    case 'arith':
      walk(n.left, out);
      walk(n.right, out);
      return;
    case 'compare':
      walk(n.first, out);
      if (n.rest[0]) walk(n.rest[0].right, out);
      return;
    case 'concat':
      n.parts.forEach((x) => walk(x, out));
      return;
    case 'cond':
      walk(n.test, out);
      return;
  }
}

/**
 * Each name the text always reads, with the offset of its first such use; undefined when the
 * text does not parse (that is a problem of its own, reported by checkTemplate).
 */
export function certainRefs(text: string): Map<string, number> | undefined {
  const out = new Map<string, number>();
  try {
    for (const seg of scan(text, { escapes: false })) if (seg.kind === 'expr') walk(seg.node, out);
  } catch (e) {
    if (e instanceof TemplateError) return undefined;
    throw e;
  }
  return out;
}
