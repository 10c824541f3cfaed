/**
 * -K/--ask-become-pass, as ansible-core 2.14 asks (CLI.ask_passwords, Python's getpass): once,
 * before any host is reached, "BECOME password: " on the terminal with echo off. Without a
 * terminal on stdin, getpass falls back to reading one line from stdin, and so does tsprov
 * (`printf '%s\n' "$PW" | tsprov run -K …`), with a warning. Unlike Ansible, which goes on with
 * no password at end of input, an empty stdin is refused: sudo would fail on every host.
 */
import { TsprovError } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { SecretText } from '../core/secrets.ts';

export const BECOME_PROMPT = 'BECOME password: ';

/** What the prompt needs of stdin and stderr; process.stdin/stderr in the CLI, streams in tests. */
export interface PromptIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stderr: { write(text: string): unknown };
}

const usage = (message: string): TsprovError => new TsprovError('E_USAGE', message, ExitCode.usage);

/** Reads until the first line ends (or input does); `onChar` may edit the line as keys arrive. */
function readLine(stdin: PromptIO['stdin'], raw: boolean): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let line = '';
    let any = false;
    const done = (value: string | undefined, error?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
      stdin.pause();
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      any = true;
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\n' || ch === '\r') return done(line);
        if (raw && ch === '\u0003') return done(undefined, usage('-K: interrupted at the BECOME password prompt'));
        if (raw && ch === '\u0004') return done(line === '' ? undefined : line);
        if (raw && (ch === '\u007f' || ch === '\b')) line = [...line].slice(0, -1).join('');
        else line += ch;
      }
    };
    const onEnd = (): void => done(any || line !== '' ? line : undefined);
    const onError = (e: Error): void => done(undefined, usage(`-K: cannot read the BECOME password: ${e.message}`));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    stdin.resume();
  });
}

/** The become password, asked once; `warn` gets the no-terminal warning. */
export async function askBecomePassword(io: PromptIO, warn: (message: string) => void): Promise<SecretText> {
  const tty = io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
  if (!tty) {
    warn('-K: stdin is not a terminal: reading the BECOME password from its first line');
    const line = await readLine(io.stdin, false);
    if (line === undefined) throw usage('-K: stdin is not a terminal and is empty: no BECOME password to read (pipe it in, one line, or run on a terminal)');
    return new SecretText(line.replace(/\r$/, ''));
  }
  io.stderr.write(BECOME_PROMPT);
  io.stdin.setRawMode!(true);
  try {
    const line = await readLine(io.stdin, true);
    if (line === undefined) throw usage('-K: no BECOME password given (end of input at the prompt)');
    return new SecretText(line);
  } finally {
    io.stdin.setRawMode!(false);
    io.stderr.write('\n');
  }
}
