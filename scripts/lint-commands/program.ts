import ts from 'typescript';
import { checkSourceFiles } from './contexts.ts';
import type { Finding } from './allowed.ts';

export type { Finding } from './allowed.ts';

export const QUOTE_FILE = 'src/core/quote.ts';

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Checks every file under `<root>/src` with the project's own tsconfig. */
export function checkProject(root: string): Finding[] {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) throw new Error(`no tsconfig.json in ${root}`);
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const src = parsed.fileNames.filter((f) => f.replace(/\\/g, '/').includes('/src/'));
  const program = ts.createProgram(src, parsed.options);
  const files = program.getSourceFiles().filter((f) => !f.isDeclarationFile && src.includes(f.fileName));
  return checkSourceFiles(program.getTypeChecker(), files, { quoteFile: QUOTE_FILE });
}

/**
 * Checks in-memory sources (path → text, paths relative to a virtual root), for the checker's own
 * tests. Files outside it (the TypeScript lib) come from disk.
 */
export function checkSources(sources: Record<string, string>): Finding[] {
  const root = '/virtual/';
  const abs = (p: string): string => root + p;
  const host = ts.createCompilerHost(OPTIONS);
  const has = (f: string): boolean => Object.hasOwn(sources, f.slice(root.length)) && f.startsWith(root);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang) => (has(f) ? ts.createSourceFile(f, sources[f.slice(root.length)]!, lang, true) : getSourceFile(f, lang));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => has(f) || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (has(f) ? sources[f.slice(root.length)] : readFile(f));
  // Module resolution asks whether the virtual folders exist before it looks for a file.
  host.directoryExists = (d) => (d.startsWith(root) ? Object.keys(sources).some((f) => abs(f).startsWith(d.endsWith('/') ? d : d + '/')) : ts.sys.directoryExists(d));
  host.realpath = (p) => p;
  const names = Object.keys(sources).map(abs);
  const program = ts.createProgram(names, { ...OPTIONS, types: [] }, host);
  const files = names.map((n) => program.getSourceFile(n)!).filter((f) => !f.fileName.endsWith(QUOTE_FILE));
  return checkSourceFiles(program.getTypeChecker(), files, { quoteFile: QUOTE_FILE }).map((f) => ({ ...f, file: f.file.slice(root.length) }));
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: \`${f.expression}\`: ${f.why}`;
}
