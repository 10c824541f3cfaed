import type { Client, ClientChannel } from 'ssh2';
import { TransportError, type ExecResult } from './types.ts';
import type { BecomePlan } from './become.ts';

export interface ChannelExecInput {
  plan: BecomePlan;
  stdin?: string | Uint8Array;
  password?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  where: string;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError');
}

/**
 * Runs one command on an open ssh2 client: writes stdin then ends it, collects stdout/stderr as
 * UTF-8, and resolves with the exit code. A non-zero exit resolves; only a lost channel,
 * a timeout or an abort rejects (closing the channel).
 */
export function execOnClient(client: Client, input: ChannelExecInput): Promise<ExecResult> {
  const started = performance.now();
  return new Promise<ExecResult>((resolve, reject) => {
    if (input.signal?.aborted) return reject(abortError(input.signal));
    let channel: ClientChannel | undefined;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const kill = (): void => {
      try { channel?.signal('KILL'); } catch { /* server may not support signals */ }
      channel?.close();
    };
    const onAbort = (): void => finish(() => { kill(); reject(abortError(input.signal as AbortSignal)); });
    input.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = input.timeoutMs === undefined ? undefined : setTimeout(() => finish(() => {
      kill();
      reject(new TransportError('timeout', `${input.where}: command timed out after ${input.timeoutMs} ms`));
    }), input.timeoutMs);

    client.exec(input.plan.command, (err, ch) => {
      if (err) return finish(() => reject(new TransportError('command-failed', `${input.where}: cannot start command: ${err.message}`, { cause: err })));
      channel = ch;
      if (settled) return kill();
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let exitCode: number | null = null;
      let exitSignal: string | undefined;
      const sendStdin = (): void => {
        if (input.stdin !== undefined && input.stdin.length > 0) ch.write(input.stdin);
        ch.end();
      };
      const pw = input.plan.password;
      let released = pw === undefined; // has sudo finished (marker seen) and stdin been sent?
      let prompts = 0;
      if (released) sendStdin();
      ch.on('data', (d: Buffer) => {
        out.push(d);
        if (!released && pw && Buffer.concat(out).includes(pw.marker + '\n')) { released = true; sendStdin(); }
      });
      ch.stderr.on('data', (d: Buffer) => {
        errOut.push(d);
        if (released || !pw) return;
        const seen = Buffer.concat(errOut).toString('utf8').split(pw.prompt).length - 1;
        if (seen > prompts) {
          prompts = seen;
          // Answer the first prompt only; a second one means a wrong password: give up with EOF.
          if (prompts === 1) ch.write((input.password ?? '') + '\n');
          else ch.end();
        }
      });
      ch.on('exit', (code: number | null, signalName?: string) => {
        exitCode = code;
        if (signalName) exitSignal = signalName;
      });
      ch.on('close', () => finish(() => {
        if (exitCode === null && exitSignal === undefined) {
          reject(new TransportError('command-failed', `${input.where}: connection lost before the command exited`));
          return;
        }
        let stdout = Buffer.concat(out).toString('utf8');
        let stderr = Buffer.concat(errOut).toString('utf8');
        if (pw) {
          stdout = stdout.replace(pw.marker + '\n', '');
          stderr = stderr.split(pw.prompt).join('');
        }
        const result: ExecResult = {
          exitCode: exitCode ?? 128,
          stdout, stderr, durationMs: performance.now() - started,
        };
        if (exitSignal) result.signal = exitSignal;
        resolve(result);
      }));
    });
  });
}
