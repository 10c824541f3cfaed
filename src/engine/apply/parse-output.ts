import { decodeField } from './encode.ts';
import { PROTOCOL_PREFIX } from './types.ts';

/** One `@@tsprov@@ <event> <fields…>` line; fields are decoded back to their exact values. */
export interface ApplyEvent {
  event: string;
  fields: string[];
}

/** Pure: picks the protocol lines out of a script's stdout, ignoring anything else. */
export function parseApplyOutput(stdout: string): ApplyEvent[] {
  const events: ApplyEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(PROTOCOL_PREFIX + ' ')) continue;
    const [event, ...rest] = line.slice(PROTOCOL_PREFIX.length + 1).split(' ').filter((w) => w !== '');
    if (event === undefined) continue;
    events.push({ event, fields: rest.map(decodeField) });
  }
  return events;
}

export interface ApplySummary {
  done: boolean;
  lockBusy?: { holderRun: string; holderPid: string };
  failed?: { phase: string; step: string; rc: number };
  restored: boolean;
  wrote: string[];
  removed: string[];
  handlersOk: string[];
  handlersFailed: Array<{ name: string; rc: number }>;
  /** Commands that failed and were let pass (`ignore_errors`, `failed_when: false`), by change index. */
  commandsLetPass: Array<{ index: number; rc: number; ignored: boolean }>;
  armed?: { how: 'systemd' | 'sleep'; id: string };
}

/** Folds the events of one apply into plain data for the engine and the reporters. */
export function summarizeApply(events: ApplyEvent[]): ApplySummary {
  const s: ApplySummary = { done: false, restored: false, wrote: [], removed: [], handlersOk: [], handlersFailed: [], commandsLetPass: [] };
  for (const { event, fields: f } of events) {
    switch (event) {
      case 'done': s.done = true; break;
      case 'lock-busy': s.lockBusy = { holderRun: f[0] ?? '', holderPid: f[1] ?? '' }; break;
      case 'failed': s.failed = { phase: f[0] ?? '', step: f[1] ?? '', rc: Number(f[2]) }; break;
      case 'restored': s.restored = true; break;
      case 'wrote': s.wrote.push(f[0] ?? ''); break;
      case 'removed': s.removed.push(f[0] ?? ''); break;
      case 'handler-ok': s.handlersOk.push(f[0] ?? ''); break;
      case 'command-ignored':
      case 'command-tolerated':
        s.commandsLetPass.push({ index: Number(f[0]), rc: Number(f[1]), ignored: event === 'command-ignored' });
        break;
      case 'handler-failed': s.handlersFailed.push({ name: f[0] ?? '', rc: Number(f[1]) }); break;
      case 'armed': s.armed = { how: f[0] === 'systemd' ? 'systemd' : 'sleep', id: f[1] ?? '' }; break;
    }
  }
  return s;
}
