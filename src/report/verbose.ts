import type { RunEvent, RunListener, TransportTrace } from '../core/events.ts';
import { escapeControls } from '../core/show-path.ts';

/**
 * Ansible's verbosity levels, one per `-v`: 1 task results with their changes, 2 also templated
 * task args and the resolved connection, 3 also every remote command with exit code and time,
 * 4 also the transport's own debug lines. Every event arrives with its secrets already hidden
 * (engine and transport mask them); this only decides what to show and how.
 */
export const MAX_VERBOSITY = 4;

/** At -vvv a command is cut here (the fact probe is a whole script); -vvvv shows it whole. */
const COMMAND_CUT = 240;

const ms = (n: number): string => `${Math.round(n)} ms`;

function levelOf(e: RunEvent): number | undefined {
  switch (e.kind) {
    case 'task-result': return 1;
    case 'task-args': case 'connection': return 2;
    case 'remote-exec': return 3;
    case 'transport-debug': return 4;
    default: return undefined;
  }
}

function connectionText(t: Extract<TransportTrace, { kind: 'connection' }>): string {
  const parts: string[] = [t.transport === 'local' ? `local as ${t.user}` : `ssh ${t.user}@${t.address}:${t.port}`];
  if (t.jumps.length) parts.push(`via ${t.jumps.join(' → ')}`);
  if (t.transport === 'ssh') {
    const keys = t.identityFiles.length ? t.identityFiles.join(', ') : 'none';
    parts.push(`keys ${keys}${t.passphraseFrom ? ` (passphrase, if encrypted, from $${t.passphraseFrom})` : ''}`);
    parts.push(`agent ${t.agent ? 'yes' : 'no'}`);
    parts.push(`host key ${t.hostKeyPolicy}${t.knownHosts?.length ? ` against ${t.knownHosts.join(', ')}` : ''}`);
    if (t.connectTimeoutMs !== undefined) parts.push(`connect timeout ${t.connectTimeoutMs / 1000} s`);
  }
  const b = t.become;
  parts.push(b.method === 'none' ? 'become no' : `become ${b.method} to ${b.user}${b.passwordFrom ? ` (password from $${b.passwordFrom})` : ' (no password)'}`);
  return parts.join(' · ');
}

function commandText(command: string, level: number): string {
  const one = escapeControls(command);
  return level >= MAX_VERBOSITY || one.length <= COMMAND_CUT ? one : `${one.slice(0, COMMAND_CUT)}… (${one.length} chars; -vvvv shows all)`;
}

/** The stderr lines one event gives at this verbosity (none below its level). */
export function verboseLines(e: RunEvent, level: number): string[] {
  const need = levelOf(e);
  if (need === undefined || level < need || !('host' in e)) return [];
  const at = `[${e.host}]`;
  switch (e.kind) {
    case 'task-result': {
      const t = e.task;
      const out = [`${at} TASK ${escapeControls(t.task)} (${t.module}): ${t.status}${t.reason ? ` — ${escapeControls(t.reason)}` : ''}${t.error ? ` — ${escapeControls(t.error)}` : ''}`];
      for (const c of t.changes) out.push(`${at}     ${c.kind} ${escapeControls(c.target)}${c.detail ? `: ${escapeControls(c.detail)}` : ''} (${escapeControls(c.reason)})`);
      return out;
    }
    case 'task-args':
      return [`${at} ARGS ${escapeControls(e.task)} (${e.module}): ${JSON.stringify(e.args)}`];
    case 'connection':
      return [`${at} CONNECTION ${escapeControls(connectionText(e))}`];
    case 'remote-exec': {
      const end = e.error !== undefined ? `failed after ${ms(e.durationMs)}: ${escapeControls(e.error)}` : `exit ${e.exitCode}${e.signal ? ` (signal ${e.signal})` : ''} in ${ms(e.durationMs)}`;
      return [`${at} EXEC${e.become ? ' (become)' : ''} ${commandText(e.command, level)} · stdin ${e.stdinBytes} bytes → ${end}`];
    }
    case 'transport-debug':
      return [`${at} DEBUG ${e.where}: ${escapeControls(e.message)}`];
    default:
      return [];
  }
}

/** A listener writing every event's lines at `level`; a no-op at level 0. */
export function verboseView(level: number, write: (line: string) => void): RunListener {
  if (level <= 0) return () => {};
  return (e) => { for (const line of verboseLines(e, level)) write(line); };
}
