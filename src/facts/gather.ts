import { shq, type ShellText } from '../core/quote.ts';
import type { Connection } from '../transport/types.ts';
import { NO_EXTRAS } from './extras.ts';
import { gatherFactsWithExtras } from './gather-extras.ts';
import { PROBE_SCRIPT } from './probe-script.ts';
import type { HostFacts } from './types.ts';

export interface GatheredFacts {
  facts: HostFacts;
  /** The probe's stdout exactly as received (may contain config file contents: do not log it). */
  raw: string;
  durationMs: number;
  warnings: string[];
}

/** The command line that runs the probe: the script is a constant, so nothing here is data. */
export const PROBE_COMMAND: ShellText = `sh -c ${shq(PROBE_SCRIPT)}`;

/**
 * Gathers every fact in exactly ONE exec (privileged: mii-tool, NetworkManager keyfiles and
 * /proc/<pid>/environ need root), then parses purely. A non-zero exit is reported as a warning
 * and whatever was printed is still parsed; transport errors propagate to the caller.
 */
export async function gatherFacts(
  conn: Connection,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<GatheredFacts> {
  const { facts, raw, durationMs, warnings } = await gatherFactsWithExtras(conn, NO_EXTRAS, options);
  return { facts, raw, durationMs, warnings };
}
