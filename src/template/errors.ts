/**
 * Every templating failure is a TemplateError at an offset into the text it came from, so the
 * caller can turn it into file:line:col (the template layer knows text, not files).
 */
export class TemplateError extends Error {
  override name = 'TemplateError';
  /**
   * `offset` is into the template text given to the call that threw. `via` lists the vars whose
   * own (lazy) templates were being rendered when it failed, outermost first, so a failure
   * inside an inventory var can be placed at that var instead.
   */
  constructor(
    message: string,
    readonly offset: number,
    readonly via: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
