/** A HostResult builder for exit-code and report tests. */
import type { HostStatus } from '../../../src/core/status.ts';
import type { HostResult } from '../../../src/engine/types.ts';

export function result(host: string, status: HostStatus, more: Partial<HostResult> = {}): HostResult {
  return { host, status, preconditions: [], tasks: [], handlers: [], notes: [], timings: {}, durationMs: 12, changed: status === 'changed' ? 1 : 0, ...more };
}
