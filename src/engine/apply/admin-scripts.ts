import { shq, type ShellText } from '../../core/quote.ts';
import type { ApplyHandler } from './types.ts';
import { DEFAULT_BACKUP_ROOT } from './types.ts';
import { encodeField } from './encode.ts';
import { DISARM_FN, EMIT_FN, HANDLER_FN, LOCK_FNS, STATE_FN, lockPathLine } from './sh-lib.ts';
import { checkAbsPath, checkRunId } from './validate.ts';

export interface HostScriptOptions {
  backupRoot?: string;
  lockPath?: string;
  lockWaitSec?: number;
}

function runDir(runId: string, backupRoot: string): string {
  checkRunId(runId);
  return `${checkAbsPath(backupRoot, 'backupRoot')}/${runId}`;
}

/**
 * `tsprov rollback --run RUN_ID`: under the host lock, claim the run (so a pending timer stands
 * down), run its restore.sh, re-run the handlers, mark it rolled back. Exit 0 ok, 10 lock busy,
 * 13 a handler failed (files are restored), 15 restore failed, 20 unknown run.
 */
export function buildRestoreScript(runId: string, handlers: ApplyHandler[], opts: HostScriptOptions = {}): ShellText {
  const dir = runDir(runId, opts.backupRoot ?? DEFAULT_BACKUP_ROOT);
  if (opts.lockPath !== undefined) checkAbsPath(opts.lockPath, 'lockPath');
  const calls = handlers.map(
    (h) => `${['tsprov_handler', shq(encodeField(h.name)), ...h.commands.map(shq)].join(' ')} || tsprov_rc=13`,
  );
  return `set -u
umask 077
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH
tsprov_b=${shq(dir)}
tsprov_holder=${shq('rollback-' + runId)}
${lockPathLine(opts.lockPath)}
tsprov_lock_wait=${shq(Math.max(0, Math.floor(opts.lockWaitSec ?? 0)))}
tsprov_locked=0
${EMIT_FN}
${LOCK_FNS}
${DISARM_FN}
${HANDLER_FN}
tsprov_main() {
  if [ ! -f "$tsprov_b/restore.sh" ]; then tsprov_emit unknown-run ${shq(runId)}; exit 20; fi
  trap tsprov_unlock EXIT
  trap '' HUP PIPE
  trap 'exit 130' INT; trap 'exit 143' TERM
  tsprov_lock_take || exit 10
  if mkdir -- "$tsprov_b/decided" 2>/dev/null; then tsprov_disarm
  elif [ -f "$tsprov_b/rolled-back" ]; then tsprov_emit timer-rolled-back "$(head -n 1 "$tsprov_b/rolled-back")"; fi
  if ! sh "$tsprov_b/restore.sh"; then tsprov_emit restore-failed 1; exit 15; fi
  tsprov_emit restored
  tsprov_rc=0
  ${calls.join('\n  ')}
  printf '%s manual\\n' "$(tsprov_now)" > "$tsprov_b/rolled-back"
  tsprov_emit rolled-back ${shq(runId)} manual
  exit "$tsprov_rc"
}
tsprov_main </dev/null
`;
}

/** Read-only: `@@tsprov@@ status <run> <armed|confirmed|rolled-back|failed|applied|incomplete|unknown> [detail]`. */
export function buildStatusScript(runId: string, backupRoot = DEFAULT_BACKUP_ROOT): ShellText {
  const dir = runDir(runId, backupRoot);
  return `set -u
tsprov_b=${shq(dir)}
${EMIT_FN}
${STATE_FN}
tsprov_s=$(tsprov_state "$tsprov_b")
case $tsprov_s in
  armed) tsprov_d=$(head -n 1 "$tsprov_b/armed") ;;
  rolled-back) tsprov_d=$(head -n 1 "$tsprov_b/rolled-back") ;;
  confirmed) tsprov_d=$(head -n 1 "$tsprov_b/confirmed") ;;
  failed) tsprov_d=$(head -n 1 "$tsprov_b/failed") ;;
  applied) tsprov_d=$(head -n 1 "$tsprov_b/done") ;;
  *) tsprov_d= ;;
esac
tsprov_emit status ${shq(runId)} "$tsprov_s" $tsprov_d
`;
}

/** Read-only: one `@@tsprov@@ run <id> <mtime-epoch> <state>` line per backup run, then `runs-end <n>`. */
export function buildListRunsScript(backupRoot = DEFAULT_BACKUP_ROOT): ShellText {
  checkAbsPath(backupRoot, 'backupRoot');
  return `set -u
tsprov_root=${shq(backupRoot)}
${EMIT_FN}
${STATE_FN}
tsprov_n=0
for tsprov_d in "$tsprov_root"/*; do
  [ -d "$tsprov_d" ] || continue
  tsprov_id=\${tsprov_d##*/}
  case $tsprov_id in *[!A-Za-z0-9_.-]*) continue ;; esac
  tsprov_emit run "$tsprov_id" "$(stat -c %Y -- "$tsprov_d")" "$(tsprov_state "$tsprov_d")"
  tsprov_n=$((tsprov_n + 1))
done
tsprov_emit runs-end "$tsprov_n"
`;
}
