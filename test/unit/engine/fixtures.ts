/** Small builders for engine tests: a host, a play, tasks; facts start from defaultFacts(). */
import type { Play, Task } from '../../../src/config/playbook.ts';
import type { Host } from '../../../src/core/host.ts';
import type { ExtraFacts } from '../../../src/modules/types.ts';

const at = { file: 'play.yml', line: 1, col: 1 };

export function host(vars: Record<string, unknown> = {}): Host {
  return { name: 'web1', groups: ['all'], vars, connection: { type: 'local', address: 'web1', become: false } };
}

export function task(module: string, args: Record<string, unknown>, more: Partial<Task> = {}): Task {
  return { module, args, notify: [], tags: [], at, ...more };
}

export function play(tasks: Task[], handlers: Task[] = [], vars: Record<string, unknown> = {}): Play {
  return { hosts: 'all', vars, tasks, handlers, at, hostsAt: { ...at, path: '[0].hosts' } };
}

export function extra(o: Partial<ExtraFacts> = {}): ExtraFacts {
  return { files: {}, packages: {}, kernelModules: {}, paths: {}, ...o };
}
