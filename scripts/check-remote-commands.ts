/**
 * `npm run lint:commands`: every string bound for a remote shell is built from literals, the
 * quoting helpers of src/core/quote.ts, other ShellText builders, or expressions that carry an
 * `sh-safe` marker with a reason. How it decides what is shell-bound: docs/security.md, "Remote
 * commands are quoted in one place". Exit 0 clean, 1 findings (one `file:line:col` line each).
 */
import { relative } from 'node:path';
import { checkProject, formatFinding } from './lint-commands/program.ts';

const root = process.cwd();
const findings = checkProject(root);
for (const f of findings) console.log(formatFinding({ ...f, file: relative(root, f.file) }));
if (findings.length > 0) {
  console.error(`lint:commands: ${findings.length} interpolation(s) reach shell text unquoted`);
  process.exit(1);
}
console.error('lint:commands: every remote command is built through the quoting helper');
