import type { Change } from '../core/change.ts';
import { kmodParamWords } from '../config/host-values.ts';
import { shJoin } from '../core/quote.ts';
import { emptyPlan, type TaskModule } from './types.ts';

const MODULES_FILE = '/etc/modules';

function withLine(text: string | null, name: string, present: boolean): string | null {
  const lines = (text ?? '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const has = lines.some((l) => l.trim().split(/\s+/)[0] === name);
  if (has === present) return text;
  const kept = present ? [...lines, name] : lines.filter((l) => l.trim().split(/\s+/)[0] !== name);
  return kept.length === 0 ? '' : kept.join('\n') + '\n';
}

/** A kernel module loaded now (modprobe) and, with `persist`, at boot (/etc/modules). */
export const kernelModuleModule: TaskModule = {
  name: 'kernel_module',
  wants: (args) => ({ kernelModules: [String(args.name)], files: [MODULES_FILE] }),
  plan({ task, args, ctx }) {
    const out = emptyPlan(task, 'kernel_module');
    const name = String(args.name);
    const present = (args.state ?? 'present') === 'present';
    const loaded = ctx.extra.kernelModules[name] ?? false;
    const changes: Change[] = [];
    if (present && !loaded) {
      const params = typeof args.params === 'string' ? kmodParamWords(args.params) : [];
      // A ModuleChange carries no parameters (apply runs a bare `modprobe name`), so a load with
      // params is a command change: otherwise the params would be silently dropped.
      // `--`: modprobe takes the first operand as the module and every later one as a parameter.
      if (params.length) changes.push({ kind: 'command', target: shJoin(['modprobe', '--', name, ...params]), before: null, after: null, reason: `${name} is not loaded` });
      else changes.push({ kind: 'module', target: name, before: 'unloaded', after: 'loaded', reason: `${name} is not loaded` });
    } else if (!present && loaded) {
      changes.push({ kind: 'module', target: name, before: 'loaded', after: 'unloaded', reason: `${name} is loaded` });
    }
    if (args.persist === true || !present) {
      const before = ctx.extra.files[MODULES_FILE] ?? null;
      const after = withLine(before, name, present);
      if (after !== before) changes.push({ kind: 'file', target: MODULES_FILE, before, after, reason: present ? `load ${name} at boot` : `stop loading ${name} at boot`, ...(before === null ? { mode: '0644' } : {}) });
    }
    out.changes = changes;
    if (changes.length === 0) out.noop = `${name} already ${present ? 'loaded' : 'absent'}`;
    return out;
  },
};
