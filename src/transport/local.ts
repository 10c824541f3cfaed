import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import type { TraceListener } from '../core/events.ts';
import type { ShellText } from '../core/quote.ts';
import { stdinOf, TransportError, type Connection, type ExecOptions, type ExecResult } from './types.ts';
import { planBecome } from './become.ts';
import { traceExec } from './exec-trace.ts';

/** Runs commands on this machine with `sh -c`; same contract as the SSH connection. */
export function localConnection(opts: { become?: boolean; becomeUser?: string; onTrace?: TraceListener } = {}): Connection {
  let count = 0;
  const loginUser = userInfo().username;
  const description = `local ${loginUser}`;
  const trace = opts.onTrace;
  trace?.({
    kind: 'connection', where: description, transport: 'local', user: loginUser, jumps: [], identityFiles: [], agent: false,
    become: opts.become ? { method: 'sudo', user: opts.becomeUser ?? 'root' } : { method: 'none' },
  });
  return {
    description,
    get execCount() { return count; },
    async close() { /* nothing held open */ },
    async exec(command: ShellText, options: ExecOptions = {}): Promise<ExecResult> {
      count++;
      const stdin = stdinOf(options);
      const plan = options.become && opts.become
        ? planBecome(command, { loginUser, withPassword: false, ...(opts.becomeUser ? { becomeUser: opts.becomeUser } : {}) })
        : { command };
      const run = runLocal(plan.command, stdin, options);
      return trace ? traceExec(run, trace, { where: description, command: plan.command, become: plan.command !== command, stdin }) : run;
    },
  };
}

function runLocal(command: ShellText, stdin: string | Uint8Array | undefined, options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let failure: unknown;
    const stop = (why: unknown): void => { failure ??= why; child.kill('SIGKILL'); };
    const onAbort = (): void => stop(options.signal?.reason ?? new DOMException('The operation was aborted', 'AbortError'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs === undefined ? undefined
      : setTimeout(() => stop(new TransportError('timeout', `local: command timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => { /* command exited without reading its stdin */ });
    if (stdin !== undefined) child.stdin.write(stdin);
    child.stdin.end();
    child.on('error', (e) => stop(new TransportError('command-failed', `local: cannot run sh: ${e.message}`, { cause: e })));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) return reject(failure);
      const result: ExecResult = {
        exitCode: code ?? 128,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: performance.now() - started,
      };
      if (signal) result.signal = signal.replace(/^SIG/, '');
      resolve(result);
    });
  });
}
