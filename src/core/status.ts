/** What happened to one host in one run. `unreachable` is not `failed`: nothing was attempted. */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable' | 'skipped' | 'rolled-back';

/** Precondition and verification verdicts share one scale. */
export type Verdict = 'ok' | 'warn' | 'fail';
