/** The expression tree; `at` is an offset into the template text, for errors. */
export type Node =
  | { type: 'lit'; value: unknown; at: number }
  | { type: 'name'; name: string; at: number }
  | { type: 'get'; obj: Node; key: Node; dotted: boolean; at: number }
  | { type: 'list'; items: Node[]; at: number }
  | { type: 'dict'; entries: [Node, Node][]; at: number }
  | { type: 'filter'; name: string; input: Node; args: Node[]; kwargs: Record<string, Node>; at: number }
  | { type: 'test'; name: string; input: Node; args: Node[]; negate: boolean; at: number }
  | { type: 'not'; operand: Node; at: number }
  | { type: 'neg'; operand: Node; at: number }
  | { type: 'bool'; op: 'and' | 'or'; left: Node; right: Node; at: number }
  | { type: 'compare'; first: Node; rest: { op: string; right: Node; at: number }[]; at: number }
  | { type: 'arith'; op: '+' | '-'; left: Node; right: Node; at: number }
  | { type: 'concat'; parts: Node[]; at: number }
  | { type: 'cond'; test: Node; then: Node; else: Node | undefined; at: number };
