import { ExitCode } from './exit-codes.ts';
import { escapeControls, showPath } from './show-path.ts';

/** Base of every error tsprov raises on purpose: a stable `code` for machines, a message for people. */
export class TsprovError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  constructor(code: string, message: string, exitCode: ExitCode = ExitCode.usage, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TsprovError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** One problem found in a YAML file, located precisely enough to jump to. */
export interface SourceProblem {
  file: string;
  line: number;
  col: number;
  /** JSON-pointer-like path of the offending field, e.g. `all.hosts.web1.bonds[0].mode`. */
  path: string;
  message: string;
}

/** Raised when configuration is invalid; carries every problem found, not just the first. */
export class ConfigError extends TsprovError {
  readonly problems: SourceProblem[];
  constructor(problems: SourceProblem[]) {
    super('E_CONFIG', problems.map(formatProblem).join('\n'), ExitCode.usage);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** One line, whatever the file held: a key or value with a newline or ESC cannot forge another. */
export function formatProblem(p: SourceProblem): string {
  return `${showPath(p.file)}:${p.line}:${p.col}  ${escapeControls(p.path) || '(root)'}  ${escapeControls(p.message)}`;
}
