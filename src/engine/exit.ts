import { ExitCode } from '../core/exit-codes.ts';
import type { HostResult } from './types.ts';

/**
 * The run's exit code, highest wins: 4 a host unreachable, 3 a host failed (or rolled back),
 * 2 changes pending (check mode) or drift found, 0 otherwise.
 */
export function exitCodeFor(results: HostResult[], pendingMeansDrift: boolean): ExitCode {
  if (results.some((r) => r.status === 'unreachable')) return ExitCode.unreachable;
  if (results.some((r) => r.status === 'failed' || r.status === 'rolled-back')) return ExitCode.failed;
  if (pendingMeansDrift && results.some((r) => r.status === 'changed')) return ExitCode.pending;
  return ExitCode.ok;
}
