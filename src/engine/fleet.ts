import type { HostStatus } from '../core/status.ts';
import { splitBatches } from './batches.ts';
import { runHost } from './host-run.ts';
import { pool } from './pool.ts';
import type { PlanScope } from './plan-host.ts';
import type { Connector, HostResult, RunOptions } from './types.ts';

const FAILING: ReadonlySet<HostStatus> = new Set(['failed', 'unreachable', 'rolled-back']);

export interface FleetInput {
  scopes: PlanScope[];
  serial?: number | string | Array<number | string>;
  maxFailPercentage?: number;
  /** Ansible's any_errors_fatal: after the first failed host no other host starts. */
  anyErrorsFatal?: boolean;
}

/**
 * One play over many hosts: `serial` batches, `forks` hosts at a time inside a batch, and no new
 * batch once a batch's failures pass `max_fail_percentage`. Hosts never started are reported
 * `skipped` with the reason, so the recap always accounts for every host.
 */
export async function runFleet(input: FleetInput, opts: RunOptions, connect: Connector): Promise<HostResult[]> {
  const emit = opts.listener ?? (() => {});
  const batches = splitBatches(input.scopes, input.serial);
  const results: HostResult[] = [];
  let abort: string | undefined;
  const started = new Set<string>();
  for (const [index, batch] of batches.entries()) {
    if (abort || opts.signal?.aborted) {
      const reason = abort ?? 'run interrupted';
      for (const s of batch) {
        const r = notStarted(s.host.name, reason);
        emit({ kind: 'host-done', host: r.host, status: r.status, changed: 0, message: r.message! });
        results.push(r);
      }
      continue;
    }
    emit({ kind: 'batch-start', index, hosts: batch.map((s) => s.host.name) });
    // Ctrl-C stops new hosts from starting; hosts already running finish (confirmed or armed).
    // Hosts already running when one fails finish (each ends confirmed or rolled back): a host
    // is never left half-configured to honour any_errors_fatal.
    const done = await pool(batch, opts.forks, async (s) => {
      if (!opts.signal?.aborted && !abort) {
        started.add(s.host.name);
        const r = await runHost(s, opts, connect);
        if (input.anyErrorsFatal && !abort && FAILING.has(r.status)) {
          abort = `any_errors_fatal: ${r.host} ${r.status}`;
          const rest = input.scopes.map((x) => x.host.name).filter((h) => !started.has(h));
          emit({ kind: 'run-aborted', reason: abort, notStarted: rest });
        }
        return r;
      }
      const r = notStarted(s.host.name, abort ?? 'run interrupted');
      emit({ kind: 'host-done', host: r.host, status: r.status, changed: 0, message: r.message! });
      return r;
    });
    results.push(...done);
    const failed = done.filter((r) => FAILING.has(r.status)).length;
    const limit = input.maxFailPercentage;
    if (!abort && limit !== undefined && (failed / batch.length) * 100 > limit) {
      abort = `max_fail_percentage ${limit}% exceeded in batch ${index + 1} (${failed}/${batch.length} failed)`;
      const rest = batches.slice(index + 1).flat().map((s) => s.host.name);
      if (rest.length) emit({ kind: 'run-aborted', reason: abort, notStarted: rest });
    }
  }
  return results;
}

function notStarted(host: string, reason: string): HostResult {
  return { host, status: 'skipped', message: `not started: ${reason}`, preconditions: [], tasks: [], handlers: [], notes: [], timings: {}, durationMs: 0, changed: 0 };
}
