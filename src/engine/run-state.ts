/**
 * The state part of a status script's `@@tsprov@@ status <run> <state> [detail]` line, for
 * messages ("rolled-back 2026-11-25T11:07:08Z 0"), without the protocol prefix.
 */
export function onHostState(statusStdout: string): string | undefined {
  return /^@@tsprov@@ status \S+ (.*)$/m.exec(statusStdout)?.[1]?.trim() || undefined;
}
