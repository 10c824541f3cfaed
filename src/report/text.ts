import type { Change } from '../core/change.ts';
import type { HostResult } from '../engine/types.ts';
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
 * The human report of one host: verdict, preconditions that are not plain ok, every task with
 * its changes or its no-op reason, notes, handlers, verification, and diffs when asked.
 */
export function hostText(r: HostResult, o: TextOptions): string {
  const out: string[] = [];
  const verb = o.check && r.status === 'changed' ? 'changes pending' : r.status;
  out.push(`== ${r.host}: ${verb}${r.message ? ` — ${r.message}` : ''}${r.backend ? `  [backend ${r.backend}]` : ''}`);
  for (const p of r.preconditions) {
    if (p.verdict === 'ok') continue;
    out.push(`  precondition ${p.verdict.toUpperCase()} ${p.id}: ${p.message}`);
    out.push(`    evidence: ${p.evidence}`);
    if (p.fix) out.push(`    fix: ${p.fix}`);
  }
  for (const t of r.tasks) {
    const tag = t.status === 'changed' && o.check ? 'would change' : t.status;
    out.push(`  [${tag}] ${t.task}${t.noop ? ` — ${t.noop}` : ''}${t.skipped ? ` — ${t.skipped}` : ''}`);
    for (const c of t.changes) out.push(`      ${describe(c)}  (${c.reason})`);
    for (const n of t.notes) out.push(`      ${n.level === 'warn' ? 'NOTE (deviation)' : 'note'}: ${n.message}`);
    if (o.diff) for (const c of t.changes) if (c.kind === 'file') out.push(fileDiff(r.host, c, o.colour).replace(/^/gm, '    '));
  }
  if (r.handlers.length) out.push(`  handlers ${o.check ? 'that would run' : 'run'}: ${r.handlers.join(', ')}`);
  if (r.verify) {
    out.push(`  verify: ${r.verify.ok ? 'holds' : 'FAILED'} (${r.verify.durationMs} ms)`);
    for (const c of r.verify.checks) if (c.verdict !== 'ok') out.push(`    ${c.verdict.toUpperCase()} ${c.bond} ${c.what}: expected ${c.expected}, got ${c.actual}`);
  }
  return out.join('\n');
}
