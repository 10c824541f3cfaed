import { TransportError } from './types.ts';
import { classifySshError } from './ssh-errors.ts';

export interface RetryOptions {
  retries: number;
  baseDelayMs: number;
  warn: (msg: string) => void;
  onRetry?: (attempt: number, error: TransportError, delayMs: number) => void;
}

/** Retries only transient failures (unreachable, timeout), with exponential backoff. */
export async function withRetries<T>(attempt: () => Promise<T>, o: RetryOptions): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      const te = classifySshError(err, 'ssh');
      if (!te.transient || i >= o.retries) throw te;
      const delayMs = o.baseDelayMs * 2 ** i;
      o.onRetry?.(i + 1, te, delayMs);
      o.warn(`${te.message} — retrying in ${delayMs} ms (attempt ${i + 2} of ${o.retries + 1})`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
