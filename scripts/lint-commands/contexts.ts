import ts from 'typescript';
import { AllowedCheck, type Finding } from './allowed.ts';
import { declaredReturn, declaredType, inQuoteFile, type ShellTypeOptions } from './shell-type.ts';

/**
 * Finds every place where text becomes shell text and checks what flows in there:
 * - what a function declared to return ShellText returns (the quoting helpers themselves excepted);
 * - the initialiser of a variable or property declared ShellText, and every later assignment;
 * - an argument passed to a parameter declared ShellText (Connection.exec's command, among others);
 * - a value written into an object-literal property declared ShellText (CommandChange.target…),
 *   and what an object-literal method returns when its interface declares ShellText;
 * - what is pushed onto an array declared ShellText[].
 */
export function checkSourceFiles(checker: ts.TypeChecker, files: readonly ts.SourceFile[], opts: ShellTypeOptions): Finding[] {
  const c = new AllowedCheck(checker, opts);
  const declOf = (n: ts.Node): ts.Declaration | undefined => {
    let sym = checker.getSymbolAtLocation(n);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym?.valueDeclaration ?? sym?.declarations?.[0];
  };

  /** Declarations of the property an object-literal member fills, narrowed by a discriminant such as `kind`. */
  const targetProps = (member: ts.ObjectLiteralElementLike): ts.Declaration[] => {
    const obj = member.parent;
    if (!member.name || !ts.isObjectLiteralExpression(obj)) return [];
    const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
    const ctx = checker.getContextualType(obj);
    if (name === undefined || !ctx) return [];
    const candidates = ctx.isUnion() ? ctx.types.filter((t) => matchesDiscriminants(checker, obj, t)) : [ctx];
    return candidates.flatMap((t) => t.getProperty(name)?.declarations ?? []);
  };

  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && !inQuoteFile(n, opts) && c.isShell(n.type)) c.returnsOf(n);
    if ((ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n)) && n.initializer && c.isShell(n.type)) c.expr(n.initializer);
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsToken || n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)) {
      const d = declOf(ts.isPropertyAccessExpression(n.left) ? n.left.name : n.left);
      if (d && c.isShell(declaredType(d))) c.expr(n.right);
    }
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) callArgs(n);
    if (ts.isPropertyAssignment(n) && targetProps(n).some((d) => c.isShell(declaredType(d)))) c.expr(n.initializer);
    if (ts.isShorthandPropertyAssignment(n) && targetProps(n).some((d) => c.isShell(declaredType(d)))) c.expr(n.name);
    if (ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent) && !n.type && targetProps(n).some((d) => c.isShell(declaredReturn(d)))) {
      c.returnsOf(n);
    }
    ts.forEachChild(n, visit);
  };

  const callArgs = (n: ts.CallExpression | ts.NewExpression): void => {
    const args = n.arguments ?? ts.factory.createNodeArray();
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['push', 'unshift'].includes(n.expression.name.text)) {
      const d = declOf(n.expression.expression);
      if (d && c.isShell(declaredType(d))) args.forEach((a) => c.expr(ts.isSpreadElement(a) ? a.expression : a));
      return;
    }
    const decl = checker.getResolvedSignature(n)?.declaration;
    if (!decl || ts.isJSDocSignature(decl) || inQuoteFile(decl, opts)) return;
    decl.parameters.forEach((p, i) => {
      if (!c.isShell(p.type)) return;
      const given = p.dotDotDotToken ? args.slice(i) : args.slice(i, i + 1);
      for (const a of given) c.expr(ts.isSpreadElement(a) ? a.expression : a);
    });
  };

  for (const sf of files) visit(sf);
  return c.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/**
 * False when the literal sets a discriminant (say `kind: 'file'`, or `kind: c.kind` where `c` is
 * narrowed to a file change) to a value that `t` declares otherwise.
 */
function matchesDiscriminants(checker: ts.TypeChecker, obj: ts.ObjectLiteralExpression, t: ts.Type): boolean {
  const literals = (x: ts.Type): string[] =>
    (x.isUnion() ? x.types : [x]).filter((y) => y.isStringLiteral()).map((y) => (y as ts.StringLiteralType).value);
  for (const m of obj.properties) {
    if (!ts.isPropertyAssignment(m) || !ts.isIdentifier(m.name)) continue;
    const given = literals(checker.getTypeAtLocation(m.initializer));
    const p = t.getProperty(m.name.text);
    if (given.length === 0 || !p) continue;
    const declared = literals(checker.getTypeOfSymbolAtLocation(p, obj));
    if (declared.length > 0 && !given.some((v) => declared.includes(v))) return false;
  }
  return true;
}
