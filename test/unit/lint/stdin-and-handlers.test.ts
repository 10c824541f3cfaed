/**
 * The lint:commands checker on the sinks that are not `exec`'s command: a script fed to `sh -s` on
 * stdin (ExecOptions.script), handler command lists, and object literals filling ShellText fields.
 * Each fixture mirrors the project's real declarations; a bad case must fail, the good one pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSources } from '../../../scripts/lint-commands/program.ts';

const QUOTE = `export type ShellText = string;
export function shq(v: string | number): ShellText { return "'" + String(v) + "'"; }
export function shJoin(w: ReadonlyArray<string>): ShellText { return w.map(shq).join(' '); }
`;
const TRANSPORT = `import type { ShellText } from '../core/quote.ts';
export interface ExecOptions { script?: ShellText; stdin?: Uint8Array; become?: boolean }
export interface Connection { exec(command: ShellText, options?: ExecOptions): Promise<{ stdout: string }> }
export interface HandlerModule {
  name: string;
  rollbackCommands?(input: { bonds: string[] }): ShellText[];
  commands(input: { reload: string[] }): ShellText[];
}
export interface ApplyHandler { name: string; commands: ShellText[] }
`;
const run = (body: string) =>
  checkSources({
    'src/core/quote.ts': QUOTE,
    'src/transport/types.ts': TRANSPORT,
    'src/x.ts': `import { shq, shJoin, type ShellText } from './core/quote.ts';
import type { ApplyHandler, Connection, HandlerModule } from './transport/types.ts';
${body}`,
  });
const exprs = (body: string) => run(body).map((f) => f.expression);

test('a stdin script builder with an unquoted interpolation fails; quoted, it passes', () => {
  const bad = 'export function status(dir: string): ShellText { return `tsprov_b=${dir}\\ncat "$tsprov_b/done"`; }';
  const f = run(bad);
  assert.equal(f.length, 1);
  assert.deepEqual([f[0]!.file, f[0]!.line, f[0]!.expression], ['src/x.ts', 3, 'dir']);
  assert.deepEqual(run(bad.replace('${dir}', '${shq(dir)}')), []);
});

test('a script passed on stdin must come from a ShellText builder, also through `{ script }`', () => {
  const builder = 'function status(dir: string): string { return `tsprov_b=${shq(dir)}`; }';
  const call = 'export async function go(c: Connection, d: string) { const script = status(d); await c.exec("sh -s", { script, become: true }); }';
  const f = run(`${builder}\n${call}`);
  assert.equal(f.length, 1);
  assert.match(f[0]!.why, /status\(\) is not declared to return ShellText/);
  assert.deepEqual(run(`${builder.replace('): string', '): ShellText')}\n${call}`), []);
  // An inline script is checked where it is written.
  assert.deepEqual(exprs('export async function go(c: Connection, d: string) { await c.exec("sh -s", { script: `rm -rf -- ${d}` }); }'), ['d']);
});

test('stdin bytes are data, not shell text', () => {
  assert.deepEqual(run('export async function go(c: Connection, b: Uint8Array) { await c.exec("cat > /tmp/x", { stdin: b }); }'), []);
});

test('a handler command with an unquoted interpolation fails; quoted, it passes', () => {
  const handler = (word: string) => `export const reload: HandlerModule = {
  name: 'bond_reload',
  commands({ reload }) {
    const cmds: ShellText[] = [];
    for (const name of reload) cmds.push(\`ifdown --force -- ${word} >/dev/null 2>&1 || true\`);
    return cmds;
  },
  rollbackCommands({ bonds }) { return bonds.map((b) => \`ifup --force -- ${word.replace('name', 'b')}\`); },
};`;
  // A for-of binding is as safe as what it iterates, so the finding names `reload`.
  assert.deepEqual(exprs(handler('${name}')), ['reload', 'b']);
  assert.deepEqual(run(handler('${shJoin([name])}')), []);
});

test('an unannotated command list is refused once it becomes handler commands', () => {
  const make = (decl: string) => `export function handlers(bond: string): ApplyHandler[] {
  const commands${decl} = [];
  commands.push(\`ifup -- \${bond}\`);
  return [{ name: 'reload', commands }];
}`;
  assert.match(run(make(''))[0]!.why, /changed after its declaration/);
  assert.deepEqual(exprs(make(': ShellText[]')), ['bond']);
});

test('a discriminant narrowed by the code picks the member it names', () => {
  // `kind: c.kind` with c narrowed to a file: its `target` is a path, not CommandChange's ShellText.
  const types = `interface FileChange { kind: 'file'; target: string }
interface CommandChange { kind: 'command'; target: ShellText }
type Change = FileChange | CommandChange;`;
  assert.deepEqual(run(`${types}\nexport function f(c: Change, p: string): Change { return c.kind === 'file' ? { kind: c.kind, target: p } : c; }`), []);
  assert.deepEqual(exprs(`${types}\nexport function f(c: Change, p: string): Change { return c.kind === 'command' ? { kind: c.kind, target: \`echo \${p}\` } : c; }`), ['p']);
});
