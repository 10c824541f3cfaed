import ts from 'typescript';
import { declaredReturn, declaredType, inQuoteFile, isShellTypeNode, markerOf, type ShellTypeOptions } from './shell-type.ts';

export interface Finding {
  file: string;
  line: number;
  col: number;
  expression: string;
  why: string;
}

/** Array methods whose result holds only elements of the receiver (or of their arguments). */
const KEEPS_ELEMENTS = new Set(['join', 'concat', 'filter', 'slice', 'sort', 'reverse', 'flat']);
const MAPS = new Set(['map', 'flatMap']);
const MUTATES = new Set(['push', 'unshift', 'splice', 'fill']);
/** `sh -c WORD` (also after `sudo … --`): WORD is a script of its own, so what shq quotes there is checked too. */
const SH_C = /(^|[\s;|&(])sh -c $/;

/**
 * Decides whether an expression that ends up in shell text is safe: a literal, a call of the
 * quoting helper or of another function declared to return ShellText, a binding or property
 * declared ShellText (whose own producers are checked where they are written), a `const` whose
 * initialiser passes, or an expression carrying an `sh-safe` marker with a reason. Templates,
 * `+`, `?:`, `??`, `||`, array literals and `.join`/`.map(shq)` are looked into.
 */
export class AllowedCheck {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly visiting = new Set<ts.Node>();
  private readonly doneConsts = new Set<ts.Node>();

  constructor(private readonly checker: ts.TypeChecker, private readonly opts: ShellTypeOptions) {}

  report(node: ts.Node, why: string): void {
    const sf = node.getSourceFile();
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart());
    const key = `${sf.fileName}:${node.getStart()}:${why}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const text = node.getText().replace(/\s+/g, ' ');
    this.findings.push({ file: sf.fileName, line: line + 1, col: character + 1, expression: text.length > 80 ? text.slice(0, 77) + '...' : text, why });
  }

  isShell(node: ts.TypeNode | undefined): boolean {
    return isShellTypeNode(this.checker, node, this.opts);
  }

  /** Checks `e` as shell text. */
  expr(e: ts.Expression): void {
    const mark = markerOf(e);
    if (mark) {
      if (!mark.ok) this.report(e, mark.why);
      return;
    }
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      return this.expr(e.expression);
    }
    if (ts.isStringLiteral(e) || ts.isNumericLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return;
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return;
    if (ts.isTemplateExpression(e)) return this.template(e);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        this.expr(e.left);
        this.expr(e.right);
        return;
      }
      return this.report(e, 'only +, ?? and || combine shell text');
    }
    if (ts.isConditionalExpression(e)) {
      this.expr(e.whenTrue);
      this.expr(e.whenFalse);
      return;
    }
    if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) this.expr(ts.isSpreadElement(el) ? el.expression : el);
      return;
    }
    if (ts.isCallExpression(e)) return this.call(e);
    if (ts.isIdentifier(e)) return this.identifier(e);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return this.property(e);
    this.report(e, 'not a literal, a ShellText value or a quoting-helper call');
  }

  private template(e: ts.TemplateExpression): void {
    let before = e.head.text;
    for (const span of e.templateSpans) {
      const inner = span.expression;
      this.expr(inner);
      if (SH_C.test(before) && ts.isCallExpression(inner) && this.isQuoteHelper(inner) && inner.arguments[0]) {
        // The quoted word is itself run by sh: it must be shell text too, not merely quoted.
        this.expr(inner.arguments[0]);
      }
      before = span.literal.text;
    }
  }

  private isQuoteHelper(call: ts.CallExpression): boolean {
    const decl = this.checker.getResolvedSignature(call)?.declaration;
    return decl !== undefined && inQuoteFile(decl, this.opts);
  }

  private call(e: ts.CallExpression): void {
    const callee = e.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      if (KEEPS_ELEMENTS.has(m) && this.isArrayLike(callee.expression)) {
        this.expr(callee.expression);
        // join's separator and concat's arguments end up in the text; filter/sort callbacks do not.
        if (m === 'join' || m === 'concat') e.arguments.forEach((a) => this.expr(a));
        return;
      }
      if (MAPS.has(m) && this.isArrayLike(callee.expression)) {
        const fn = e.arguments[0];
        if (fn) this.callback(fn);
        return;
      }
    }
    const decl = this.checker.getResolvedSignature(e)?.declaration;
    if (decl && this.isShell(declaredReturn(decl))) return;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
    this.report(e, `${name}() is not declared to return ShellText`);
  }

  private isArrayLike(e: ts.Expression): boolean {
    const t = this.checker.getTypeAtLocation(e);
    return this.checker.isArrayType(t) || this.checker.isTupleType(t);
  }

  /** The callback of `.map`: a ShellText function, or an inline function whose results are checked. */
  private callback(fn: ts.Expression): void {
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return this.returnsOf(fn);
    const sig = this.checker.getSignaturesOfType(this.checker.getTypeAtLocation(fn), ts.SignatureKind.Call)[0];
    const decl = sig?.declaration;
    if (decl && this.isShell(declaredReturn(decl))) return;
    this.report(fn, 'a .map callback must return ShellText');
  }

  /** Every value a function returns, checked as shell text (nested functions are their own business). */
  returnsOf(fn: ts.SignatureDeclaration): void {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return;
    if (!ts.isBlock(body)) return this.expr(body);
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression) this.expr(n.expression);
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
  }

  private declOf(e: ts.Node): ts.Declaration | undefined {
    // In `{ script }` the name resolves to the new property; the value is the binding it names.
    const shorthand = ts.isShorthandPropertyAssignment(e.parent) && e.parent.name === e;
    let sym = shorthand ? this.checker.getShorthandAssignmentValueSymbol(e.parent) : this.checker.getSymbolAtLocation(e);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = this.checker.getAliasedSymbol(sym);
    return sym?.valueDeclaration ?? sym?.declarations?.[0];
  }

  private identifier(e: ts.Identifier): void {
    const decl = this.declOf(e);
    if (!decl) return this.report(e, 'cannot resolve this name');
    if (this.isShell(declaredType(decl))) return;
    if (ts.isVariableDeclaration(decl)) {
      const list = decl.parent;
      if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) {
        return this.expr(list.parent.expression);
      }
      const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
      if (!isConst || !decl.initializer) return this.report(e, 'a mutable binding: declare it `: ShellText` so every assignment is checked');
      const mutation = this.mutationOf(decl);
      if (mutation) return this.report(mutation, `${e.text} is changed after its declaration: declare it \`: ShellText[]\` so what is added is checked`);
      if (this.doneConsts.has(decl) || this.visiting.has(decl)) return;
      this.visiting.add(decl);
      this.expr(decl.initializer);
      this.visiting.delete(decl);
      this.doneConsts.add(decl);
      return;
    }
    if (ts.isFunctionDeclaration(decl)) return this.report(e, 'a function, not text');
    this.report(e, 'not declared ShellText');
  }

  /** A push/unshift/splice on an unannotated const array, which would slip past its initialiser. */
  private mutationOf(decl: ts.VariableDeclaration): ts.Node | undefined {
    const sym = this.checker.getSymbolAtLocation(decl.name);
    if (!sym) return undefined;
    let found: ts.Node | undefined;
    const scope = ts.findAncestor(decl, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n)) ?? decl.getSourceFile();
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && MUTATES.has(n.expression.name.text)) {
        const target = n.expression.expression;
        if (ts.isIdentifier(target) && this.checker.getSymbolAtLocation(target) === sym) found = n;
      }
      ts.forEachChild(n, visit);
    };
    visit(scope);
    return found;
  }

  private property(e: ts.PropertyAccessExpression | ts.ElementAccessExpression): void {
    // An element of a ShellText[] is as safe as the array.
    if (ts.isElementAccessExpression(e) && this.isArrayLike(e.expression)) return this.expr(e.expression);
    const sym = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(e) ? e.name : e.argumentExpression);
    const decls = sym?.declarations ?? [];
    if (decls.some((d) => this.isShell(declaredType(d)))) return;
    this.report(e, 'a property not declared ShellText');
  }
}
