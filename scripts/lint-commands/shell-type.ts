import ts from 'typescript';

/**
 * How the checker recognises shell-bound text: the `ShellText` alias of src/core/quote.ts,
 * written on a declaration (a return type, a variable, a parameter, a property). The alias is a
 * plain `string`, so the annotation costs callers nothing; the checker reads the annotation
 * node itself, because TypeScript forgets aliases of primitive types once it has resolved them.
 */
export interface ShellTypeOptions {
  /** Path suffix of the file that declares `ShellText` and the quoting helpers. */
  quoteFile: string;
}

export function inQuoteFile(node: ts.Node, opts: ShellTypeOptions): boolean {
  return node.getSourceFile().fileName.replace(/\\/g, '/').endsWith(opts.quoteFile);
}

function aliasTarget(checker: ts.TypeChecker, name: ts.EntityName): ts.Declaration | undefined {
  let sym = checker.getSymbolAtLocation(name);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return sym?.declarations?.[0];
}

/** `ShellText`, `ShellText[]`, `readonly ShellText[]`, `Array<ShellText>`, or a union holding one. */
export function isShellTypeNode(checker: ts.TypeChecker, node: ts.TypeNode | undefined, opts: ShellTypeOptions): boolean {
  if (!node) return false;
  if (ts.isParenthesizedTypeNode(node)) return isShellTypeNode(checker, node.type, opts);
  if (ts.isArrayTypeNode(node)) return isShellTypeNode(checker, node.elementType, opts);
  if (ts.isTypeOperatorNode(node)) return isShellTypeNode(checker, node.type, opts);
  if (ts.isUnionTypeNode(node)) return node.types.some((t) => isShellTypeNode(checker, t, opts));
  if (ts.isTypeReferenceNode(node)) {
    const decl = aliasTarget(checker, node.typeName);
    if (decl && ts.isTypeAliasDeclaration(decl) && decl.name.text === 'ShellText' && inQuoteFile(decl, opts)) return true;
    const n = ts.isIdentifier(node.typeName) ? node.typeName.text : '';
    if ((n === 'Array' || n === 'ReadonlyArray') && node.typeArguments?.length === 1) {
      return isShellTypeNode(checker, node.typeArguments[0], opts);
    }
  }
  return false;
}

/** The type annotation a declaration carries, looking through a function-typed property. */
export function declaredType(decl: ts.Declaration): ts.TypeNode | undefined {
  if (
    ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isPropertySignature(decl) ||
    ts.isPropertyDeclaration(decl)
  ) {
    return decl.type;
  }
  return undefined;
}

/** The declared return type of a function-like declaration (or of a function-typed property). */
export function declaredReturn(decl: ts.Declaration): ts.TypeNode | undefined {
  if (ts.isFunctionLike(decl)) return decl.type;
  if ((ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && decl.type && ts.isFunctionTypeNode(decl.type)) {
    return decl.type.type;
  }
  return undefined;
}

export type Marker = { ok: true } | { ok: false; why: string } | undefined;

const MARKER = /^\/\*\s*sh-safe:(.*?)\*\/$/s;

/**
 * `/* sh-safe: reason *\/` right before or right after an expression: the author vouches for it,
 * and the reason is the review trail. A marker with no reason is itself a finding.
 */
export function markerOf(node: ts.Node): Marker {
  const text = node.getSourceFile().getFullText();
  const ranges = [
    // A comment on the same line as the token before counts as that token's trailing comment.
    ...(ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []),
    ...(ts.getTrailingCommentRanges(text, node.getFullStart()) ?? []),
    ...(ts.getTrailingCommentRanges(text, node.getEnd()) ?? []),
  ];
  for (const r of ranges) {
    const m = MARKER.exec(text.slice(r.pos, r.end));
    if (!m) continue;
    return m[1]!.trim() === '' ? { ok: false, why: 'an sh-safe marker must give its reason' } : { ok: true };
  }
  return undefined;
}
