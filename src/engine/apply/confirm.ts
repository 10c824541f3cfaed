import { shq, type ShellText } from '../../core/quote.ts';
import type { ConfirmOptions } from './types.ts';
import { scriptToFile } from './encode.ts';
import { DISARM_FN, EMIT_FN, HANDLER_FN, STATE_FN } from './sh-lib.ts';
import { checkRunId } from './validate.ts';
import { DEFAULT_BACKUP_ROOT } from './types.ts';

export function rollbackUnit(runId: string): string {
  return `tsprov-rollback-${runId}`;
}

/**
 * rollback.sh, run by the timer. Confirm and rollback both claim the run with `mkdir decided`;
 * mkdir is atomic, so exactly one of them acts, even when the confirm arrives as the timer fires.
 */
export function rollbackScriptText(backupDir: string, runId: string, rollbackHandlers: ShellText[]): ShellText {
  const handlers = rollbackHandlers.map((cmd, i) => `tsprov_handler rollback-${shq(i)} ${shq(cmd)} || tsprov_rc=13`);
  return `#!/bin/sh
# Commit-confirmed rollback of tsprov run ${shq(runId)}: restores the backup unless confirmed first.
set -u
umask 077
tsprov_b=${shq(backupDir)}
${EMIT_FN}
${HANDLER_FN}
mkdir -- "$tsprov_b/decided" 2>/dev/null || exit 0
tsprov_rc=0
tsprov_emit rollback-start ${shq(runId)}
sh "$tsprov_b/restore.sh" || tsprov_rc=15
${handlers.join('\n')}
rm -f -- "$tsprov_b/armed"
printf '%s %s\\n' "$(tsprov_now)" "$tsprov_rc" > "$tsprov_b/rolled-back"
tsprov_emit rolled-back ${shq(runId)} "$tsprov_rc"
exit "$tsprov_rc"
`;
}

/**
 * Arms the timer after the changes and before the handlers, so that a handler that cuts the
 * network off can never leave the host cut off for good. Once armed, SIGHUP and SIGPIPE are
 * ignored: a dropped SSH session must not abort the apply — the timer is the safety net now.
 */
export function armSection(backupDir: string, runId: string, confirm: ConfirmOptions): ShellText {
  const n = shq(confirm.timeoutSec);
  const unit = rollbackUnit(runId);
  const systemd = [
    `systemd-run --quiet --unit=${shq(unit)} --on-active=${n}s --timer-property=AccuracySec=1s /bin/sh "$tsprov_b/rollback.sh" </dev/null >&2`,
    `echo ${shq('systemd ' + unit)} > "$tsprov_b/armed"`,
    `tsprov_emit armed systemd ${shq(unit)} ${n}`,
  ].join('\n    ');
  // A detached session survives the SSH session; its output must not hold the channel open.
  const sleeper = [
    `if command -v setsid >/dev/null 2>&1; then tsprov_setsid=setsid; else tsprov_setsid=; fi`,
    `$tsprov_setsid nohup sh -c 'sleep "$1"; exec sh "$2" >>"$3" 2>&1' tsprov-rollback ${n} "$tsprov_b/rollback.sh" "$tsprov_b/rollback.log" </dev/null >/dev/null 2>&1 &`,
    `tsprov_sleeper=$!`,
    `echo "sleep $tsprov_sleeper" > "$tsprov_b/armed"`,
    `tsprov_emit armed sleep "$tsprov_sleeper" ${n}`,
  ].join('\n    ');
  const timer = confirm.timer ?? 'auto';
  const choose =
    timer === 'systemd' ? 'true'
    : timer === 'sleep' ? 'false'
    : '[ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1';
  return [
    `tsprov_phase=arm; tsprov_step=arm`,
    scriptToFile(`"$tsprov_b/rollback.sh"`, rollbackScriptText(backupDir, runId, confirm.rollbackHandlers)),
    `tsprov_fsync "$tsprov_b/rollback.sh"`,
    `if ${choose}; then`,
    `    ${systemd}`,
    `else`,
    `    ${sleeper}`,
    `fi`,
    `tsprov_fsync "$tsprov_b/armed"`,
    `tsprov_armed=1`,
    `trap '' HUP PIPE`,
  ].join('\n');
}

/**
 * Confirms a run: claims it (so the timer's rollback.sh backs off), writes `confirmed`, stops the
 * timer. Exit 0 when confirmed (now or before), 20 for an unknown run, 21 when rollback won.
 */
export function buildConfirmScript(runId: string, backupRoot = DEFAULT_BACKUP_ROOT): ShellText {
  checkRunId(runId);
  return `set -u
umask 077
tsprov_b=${shq(`${backupRoot}/${runId}`)}
${EMIT_FN}
${DISARM_FN}
${STATE_FN}
if [ ! -f "$tsprov_b/restore.sh" ]; then tsprov_emit unknown-run ${shq(runId)}; exit 20; fi
if mkdir -- "$tsprov_b/decided" 2>/dev/null; then
  tsprov_now > "$tsprov_b/confirmed"
  tsprov_disarm
  tsprov_emit confirmed ${shq(runId)}
  exit 0
fi
if [ -e "$tsprov_b/confirmed" ]; then tsprov_emit confirmed ${shq(runId)} already; exit 0; fi
tsprov_emit too-late ${shq(runId)} "$(tsprov_state "$tsprov_b")"
exit 21
`;
}
