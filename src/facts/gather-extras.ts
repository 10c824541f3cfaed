import { shq, type ShellText } from '../core/quote.ts';
import type { Connection } from '../transport/types.ts';
import { assembleFacts } from './assemble.ts';
import { extrasScript, parseExtras, type ExtraRequest, type ExtraResult } from './extras.ts';
import { PROBE_MARKER, PROBE_SCRIPT } from './probe-script.ts';
import type { HostFacts } from './types.ts';

export interface GatheredWithExtras {
  facts: HostFacts;
  extra: ExtraResult;
  /** The probe's stdout exactly as received (may contain config file contents: do not log it). */
  raw: string;
  durationMs: number;
  warnings: string[];
}

const DONE = `echo "$M done"`;

/** The probe with the extra sections spliced in before its end marker: still one exec. */
export function probeWithExtras(req: ExtraRequest): ShellText {
  const extra = extrasScript(req);
  if (extra === '') return PROBE_SCRIPT;
  if (!PROBE_SCRIPT.includes(DONE)) throw new Error(`probe script has no "${PROBE_MARKER} done" line to splice extras before`);
  // The arguments are checked ShellText (extrasScript, a constant); replace only splices them in.
  return /* sh-safe: splices the checked extrasScript() into the constant probe */ PROBE_SCRIPT.replace(DONE, `${extra}\n${DONE}`);
}

/** Standard facts plus what the tasks asked for, in exactly one exec. */
export async function gatherFactsWithExtras(conn: Connection, req: ExtraRequest, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<GatheredWithExtras> {
  const started = Date.now();
  const result = await conn.exec(`sh -c ${shq(probeWithExtras(req))}`, { become: true, ...options });
  const { facts, warnings } = assembleFacts(result.stdout);
  if (result.exitCode !== 0) {
    const err = result.stderr.trim().split('\n').slice(-3).join(' | ');
    warnings.unshift(`fact probe exited ${result.exitCode}${result.signal ? ` (${result.signal})` : ''}${err ? `: ${err}` : ''}`);
  }
  return { facts, extra: parseExtras(result.stdout, req), raw: result.stdout, durationMs: Date.now() - started, warnings };
}
