import type { HostResult } from '../engine/types.ts';
import { escapeControls as one } from '../core/show-path.ts';
import { fileDiff, HIDDEN_COMMAND } from './diff.ts';
import { counts } from './recap.ts';

/** A change-review comment: summary table, then per host its changes and diffs in fenced blocks. */
export function markdownReport(title: string, results: HostResult[], check: boolean): string {
  const c = counts(results);
  const out = [`## ${title}`, '', `${results.length} hosts: ${Object.entries(c).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')}`, ''];
  out.push('| host | status | changed tasks | note |', '|---|---|---|---|');
  for (const r of results) out.push(`| ${r.host} | ${check && r.status === 'changed' ? 'changes pending' : r.status} | ${r.changed} | ${one(r.message ?? '').replace(/\|/g, '\\|')} |`);
  for (const r of results) {
    const changed = r.tasks.filter((t) => t.changes.length > 0);
    const fails = r.preconditions.filter((p) => p.verdict !== 'ok');
    if (!changed.length && !fails.length && !r.notes.length) continue;
    out.push('', `### ${r.host}`);
    for (const p of fails) out.push(`- **precondition ${p.verdict}** \`${p.id}\`: ${one(p.message)}${p.fix ? ` — fix: ${one(p.fix)}` : ''}`);
    for (const n of r.notes) out.push(`- note: ${one(n)}`);
    for (const t of changed) {
      out.push(`- **${t.task}**`);
      for (const ch of t.changes) {
        if (ch.kind !== 'file') {
          out.push(`  - ${ch.kind} \`${ch.kind === 'command' && ch.sensitive ? HIDDEN_COMMAND : ch.target}\`: ${one(ch.reason)}`);
          continue;
        }
        const diff = fileDiff(r.host, ch);
        // A fence longer than any backtick run in the diff, so file content cannot close it early.
        const fence = '`'.repeat(Math.max(3, ...(diff.match(/`+/g) ?? []).map((b) => b.length + 1)));
        out.push(`  - file \`${ch.target}\`: ${one(ch.reason)}`, '', `${fence}diff`, diff, fence, '');
      }
    }
  }
  return out.join('\n') + '\n';
}
