import type { HostResult } from '../engine/types.ts';
import { HIDDEN_COMMAND, maskSecretLines, maskSecretLinesAgainst, MASKED } from './diff.ts';
import { fileDiff } from './diff.ts';
import { counts } from './recap.ts';

export const REPORT_SCHEMA = 'tsprov.report/v1';

export interface ReportMeta {
  runId: string;
  command: string;
  check: boolean;
  startedAt: string;
  durationMs: number;
  exitCode: number;
  /** --shard I/N: the part of the hosts this report holds (`tsprov report merge` joins them). */
  shard?: { index: number; count: number };
}

/**
 * The machine-readable report (schema `tsprov.report/v1`, documented in docs/reports.md): one entry
 * per host with status, preconditions, changes with their diffs, verification and timings.
 * Secrets are masked exactly as in the text diff.
 */
export function jsonReport(meta: ReportMeta, results: HostResult[]): object {
  return {
    schema: REPORT_SCHEMA,
    ...meta,
    summary: counts(results),
    hosts: results.map((r) => ({
      host: r.host,
      status: r.status,
      ...(r.message ? { message: r.message } : {}),
      ...(r.errorKind ? { errorKind: r.errorKind } : {}),
      ...(r.backend ? { backend: r.backend } : {}),
      changed: r.changed,
      preconditions: r.preconditions,
      tasks: r.tasks.map((t) => ({
        task: t.task,
        module: t.module,
        status: t.status,
        ...(t.noop ? { noop: t.noop } : {}),
        ...(t.skipped ? { skipped: t.skipped } : {}),
        ...(t.error ? { error: t.error } : {}),
        ...(t.ignored ? { ignored: true } : {}),
        notes: t.notes,
        changes: t.changes.map((c) =>
          c.kind === 'file'
            ? {
                kind: c.kind,
                target: c.target,
                reason: c.reason,
                action: c.after === null ? 'remove' : c.before === null ? 'create' : 'update',
                ...(c.mode ? { mode: c.mode } : {}),
                before: c.before === null ? null : c.sensitive ? MASKED : maskSecretLines(c.before),
                after: c.after === null ? null : c.sensitive ? MASKED : maskSecretLinesAgainst(c.before ?? '', c.after),
                diff: fileDiff(r.host, c, false, true),
              }
            : c.kind === 'command' && c.sensitive
              ? { ...c, target: HIDDEN_COMMAND, argv: undefined } // the words hold the secret too
              : c,
        ),
      })),
      handlers: r.handlers,
      ...(r.verify ? { verify: r.verify } : {}),
      ...(r.verifyAfterRollback ? { verifyAfterRollback: r.verifyAfterRollback } : {}),
      notes: r.notes,
      timings: r.timings,
      durationMs: r.durationMs,
    })),
  };
}
