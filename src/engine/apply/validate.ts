import { absPathProblem, accountProblem, kmodNameProblem, packageNameProblem } from '../../config/host-values.ts';
import type { Change } from '../../core/change.ts';
import type { ApplyInput } from './types.ts';
import { DEFAULT_BACKUP_ROOT } from './types.ts';

const RUN_ID = /^[A-Za-z0-9_.-]+$/;
const MODE = /^[0-7]{3,4}$/;
const HANDLER = /^[^\0\n]+$/;

export class ApplyInputError extends Error {
  override name = 'ApplyInputError';
}

export function checkRunId(runId: string): string {
  // '.' and '..' pass the charset but would name the backup root itself or its parent.
  if (!RUN_ID.test(runId) || runId === '.' || runId === '..' || runId.length > 128) {
    throw new ApplyInputError(`invalid run id ${JSON.stringify(runId)}: use [A-Za-z0-9_.-]`);
  }
  return runId;
}

/**
 * The same rules the playbook loader applied (config/host-values.ts), again: a second guard for
 * values that came from anywhere else, or past a bug.
 */
export function checkAbsPath(p: string, what: string): string {
  const why = absPathProblem(p);
  if (why) throw new ApplyInputError(`${what}: ${why}`);
  return p;
}

function checkChange(c: Change, i: number): void {
  const where = `change #${i} (${c.kind} ${JSON.stringify(c.target)})`;
  const fail = (why: string): never => {
    throw new ApplyInputError(`${where}: ${why}`);
  };
  switch (c.kind) {
    case 'file':
      checkAbsPath(c.target, where);
      if (c.mode !== undefined && !MODE.test(c.mode)) fail(`bad mode ${JSON.stringify(c.mode)}`);
      for (const k of ['owner', 'group'] as const) {
        const why = c[k] === undefined ? undefined : accountProblem(c[k]);
        if (why) fail(`${k} ${why}`);
      }
      return;
    case 'package': {
      const why = packageNameProblem(c.target);
      if (why) fail(`package name ${why}`);
      return;
    }
    case 'module': {
      const why = kmodNameProblem(c.target);
      if (why) fail(`module name ${why}`);
      return;
    }
    case 'command':
      if (c.target.trim() === '' || c.target.includes('\0')) fail('empty command');
      // A NUL cannot be an argv byte: sh would cut the word there.
      if (c.argv && (c.argv.length === 0 || c.argv.some((w) => w.includes('\0')))) fail('empty argv, or a word with a NUL byte');
      return;
  }
}

export interface ResolvedApply extends ApplyInput {
  backupRoot: string;
  lockWaitSec: number;
  backupDir: string;
}

export function resolveApplyInput(input: ApplyInput): ResolvedApply {
  checkRunId(input.runId);
  const backupRoot = checkAbsPath(input.backupRoot ?? DEFAULT_BACKUP_ROOT, 'backupRoot');
  if (input.lockPath !== undefined) checkAbsPath(input.lockPath, 'lockPath');
  const lockWaitSec = input.lockWaitSec ?? 0;
  if (!Number.isInteger(lockWaitSec) || lockWaitSec < 0) throw new ApplyInputError('lockWaitSec must be an integer >= 0');
  input.changes.forEach(checkChange);
  const targets = input.changes.filter((c) => c.kind === 'file').map((c) => c.target);
  const dup = targets.find((t, i) => targets.indexOf(t) !== i);
  if (dup !== undefined) throw new ApplyInputError(`file ${JSON.stringify(dup)} changed twice in one run`);
  for (const h of input.handlers) {
    if (!HANDLER.test(h.name)) throw new ApplyInputError(`bad handler name ${JSON.stringify(h.name)}`);
  }
  if (input.confirm) {
    const t = input.confirm.timeoutSec;
    if (!Number.isInteger(t) || t < 1) throw new ApplyInputError('confirm.timeoutSec must be an integer >= 1');
  }
  return { ...input, backupRoot, lockWaitSec, backupDir: `${backupRoot}/${input.runId}` };
}
