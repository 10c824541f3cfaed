import { randomBytes } from 'node:crypto';
import { shq, type ShellText } from '../core/quote.ts';

/**
 * Privilege escalation through sudo. Without a password: `sudo -n` (fail instead of prompting).
 * With one: sudo prints a random prompt on stderr and the transport answers it on stdin only
 * when asked, so the password can never leak into the command's own stdin (NOPASSWD rules,
 * cached credentials); a random marker on stdout says "sudo is done, command starts here".
 */
export interface BecomePlan {
  command: ShellText;
  /** Present only when a password will be sent: what to look for on stderr and stdout. */
  password?: { prompt: string; marker: string };
}

export interface BecomeInput {
  loginUser: string;
  becomeUser?: string;
  withPassword: boolean;
  /** The sudo program (ansible_become_exe); default `sudo`. */
  exe?: string;
  /** Flags passed through before tsprov's own (`-H`, `-E`). */
  flags?: readonly string[];
}

export function needsBecome(input: Pick<BecomeInput, 'loginUser' | 'becomeUser'>): boolean {
  const target = input.becomeUser ?? 'root';
  return input.loginUser !== target;
}

export function planBecome(command: ShellText, input: BecomeInput, random = () => randomBytes(9).toString('hex')): BecomePlan {
  if (!needsBecome(input)) return { command };
  const userArgs = input.becomeUser && input.becomeUser !== 'root' ? ` -u ${shq(input.becomeUser)}` : '';
  const sudo = [shq(input.exe ?? 'sudo'), ...(input.flags ?? []).map(shq)].join(' ');
  if (!input.withPassword) return { command: `${sudo} -n${userArgs} -- sh -c ${shq(command)}` };
  const prompt = `[tsprov-sudo-${random()}]`;
  const marker = `tsprov-become-${random()}`;
  const inner: ShellText = `printf '%s\\n' ${shq(marker)}\n${command}`;
  return {
    command: `${sudo} -S -p ${shq(prompt)}${userArgs} -- sh -c ${shq(inner)}`,
    password: { prompt, marker },
  };
}
