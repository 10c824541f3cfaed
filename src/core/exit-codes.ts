/**
 * Process exit codes; scripts and cron jobs act on these, so they are a public contract
 * (documented in README.md). When several apply, the highest wins.
 */
export const ExitCode = {
  ok: 0,
  usage: 1,
  pending: 2,
  failed: 3,
  unreachable: 4,
  /** tsprov itself failed (a bug): what the error interrupted is unknown, so it outranks all. */
  internal: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
