import type { Change } from '../core/change.ts';
import type { HostResult } from '../engine/types.ts';
import { escapeControls as one } from '../core/show-path.ts';
import { fileDiff, HIDDEN_COMMAND } from './diff.ts';

export interface TextOptions {
  diff: boolean;
  colour: boolean;
  check: boolean;
}

function describe(c: Change): string {
  switch (c.kind) {
    case 'file':
      return `${c.after === null ? 'remove' : c.before === null ? 'create' : 'update'} ${c.target}`;
    case 'package':
      return `${c.after === 'present' ? 'install' : 'remove'} package ${c.target} (${c.manager})`;
    case 'module':
      return `${c.after === 'loaded' ? 'load' : 'unload'} kernel module ${c.target}`;
    case 'command':
      return `${c.viaHandler ? `via handler ${c.viaHandler}: ` : 'run: '}${c.sensitive ? HIDDEN_COMMAND : c.target}`;
  }
}

/**
 * Every field that may hold host-made text (messages, evidence, stderr) goes through `one()`:
 * escaped onto one line, so a host cannot drive the terminal or forge report lines.
 *
 * The human report of one host: verdict, preconditions that are not plain ok, every task with
 * its changes or its no-op reason, notes, handlers, verification, and diffs when asked.
 */
export function hostText(r: HostResult, o: TextOptions): string {
  const out: string[] = [];
  const verb = o.check && r.status === 'changed' ? 'changes pending' : r.status;
  out.push(`== ${r.host}: ${verb}${r.message ? ` — ${one(r.message)}` : ''}${r.backend ? `  [backend ${r.backend}]` : ''}`);
  for (const p of r.preconditions) {
    if (p.verdict === 'ok') continue;
    out.push(`  precondition ${p.verdict.toUpperCase()} ${p.id}: ${one(p.message)}`);
    out.push(`    evidence: ${one(p.evidence)}`);
    if (p.fix) out.push(`    fix: ${one(p.fix)}`);
  }
  for (const t of r.tasks) {
    const tag = t.status === 'changed' && o.check ? 'would change' : t.ignored ? 'failed, ignored' : t.status;
    out.push(`  [${tag}] ${t.task}${t.noop ? ` — ${one(t.noop)}` : ''}${t.skipped ? ` — ${one(t.skipped)}` : ''}${t.error ? ` — ${one(t.error)}` : ''}`);
    for (const c of t.changes) out.push(`      ${one(describe(c))}  (${one(c.reason)})`);
    for (const n of t.notes) out.push(`      ${n.level === 'warn' ? 'NOTE (deviation)' : 'note'}: ${one(n.message)}`);
    if (o.diff) for (const c of t.changes) if (c.kind === 'file') out.push(fileDiff(r.host, c, o.colour).replace(/^/gm, '    '));
  }
  if (r.handlers.length) out.push(`  handlers ${o.check ? 'that would run' : 'run'}: ${r.handlers.join(', ')}`);
  for (const h of r.handlersSkipped ?? []) out.push(`  ${one(h)}`);
  if (r.verify) {
    out.push(`  verify: ${r.verify.ok ? 'holds' : 'FAILED'} (${r.verify.durationMs} ms)`);
    for (const c of r.verify.checks) if (c.verdict !== 'ok') out.push(`    ${c.verdict.toUpperCase()} ${c.bond} ${c.what}: expected ${one(c.expected)}, got ${one(c.actual)}`);
  }
  return out.join('\n');
}
