import { shq, type ShellText } from '../../core/quote.ts';
import type { ApplyInput } from './types.ts';
import { encodeField } from './encode.ts';
import { BACKUP_FN, backupSection, TOUCH_FN } from './backup.ts';
import { changeSections, tempFiles } from './changes.ts';
import { dirOf } from './paths.ts';
import { armSection } from './confirm.ts';
import { DISARM_FN, EMIT_FN, HANDLER_FN, LOCK_FNS, lockPathLine } from './sh-lib.ts';
import { resolveApplyInput } from './validate.ts';

const PRELUDE: ShellText = `set -eu
umask 077
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH
LC_ALL=C; export LC_ALL`;

/**
 * On any failure after the backup: put the files back (through rollback.sh when a timer is
 * armed, so the rollback handlers run too and the timer cannot restore a second time).
 */
const ABORT_FNS: ShellText = `tsprov_abort() {
  case $tsprov_phase in
    lock) tsprov_code=10 ;; backup) tsprov_code=11 ;; change) tsprov_code=12 ;;
    handler) tsprov_code=13 ;; arm) tsprov_code=14 ;; pending) tsprov_code=17 ;; *) tsprov_code=16 ;;
  esac
  tsprov_emit failed "$tsprov_phase" "$tsprov_step" "$1"
  tsprov_cleanup_tmp
  if [ "$tsprov_restore" = 1 ]; then
    tsprov_emit restoring
    tsprov_r=0
    if [ "$tsprov_armed" = 1 ]; then
      tsprov_disarm
      sh "$tsprov_b/rollback.sh" || tsprov_r=$?
    else
      sh "$tsprov_b/restore.sh" || tsprov_r=$?
    fi
    if [ "$tsprov_r" -eq 0 ]; then tsprov_emit restored; else tsprov_emit restore-failed "$tsprov_r"; tsprov_code=15; fi
    printf '%s %s %s\\n' "$(tsprov_now)" "$tsprov_phase" "$tsprov_step" > "$tsprov_b/failed" 2>/dev/null || :
  fi
  return "$tsprov_code"
}
tsprov_on_exit() {
  tsprov_rc=$?
  trap '' HUP INT TERM PIPE
  trap - EXIT
  set +e
  if [ "$tsprov_rc" -ne 0 ]; then tsprov_abort "$tsprov_rc"; tsprov_rc=$?; fi
  tsprov_unlock
  exit "$tsprov_rc"
}`;

/**
 * An earlier run whose rollback timer is still armed and undecided would restore its backups in
 * the middle of this one: refuse, naming it (confirm it, roll it back, or let its timer fire).
 */
function pendingRunCheck(backupRoot: string): ShellText {
  return `tsprov_phase=pending; tsprov_step=check
  for tsprov_d in ${shq(backupRoot)}/*; do
    [ -e "$tsprov_d/armed" ] || continue
    [ -d "$tsprov_d/decided" ] && continue
    tsprov_emit pending-run "\${tsprov_d##*/}"
    exit 17
  done`;
}

/** Temp files a killed earlier apply left beside the targets; safe to remove under the lock. */
function staleTempCleanup(targets: string[]): ShellText {
  const dirs = [...new Set(targets.map(dirOf))].map((d) => (d === '/' ? '' : d));
  if (dirs.length === 0) return ':';
  return dirs.map((d) => `rm -f -- ${shq(d)}/.tsprov-tmp.* ${shq(d)}/.tsprov-restore.* 2>/dev/null || :`).join('\n  ');
}

/**
 * The whole apply for one host as one POSIX sh script, fed to `sh -s` on stdin. Everything runs
 * from tsprov_main on the last line: a script cut short in transfer defines nothing and runs
 * nothing. Commands get stdin from /dev/null so none can swallow the rest of the script, and
 * their stdout goes to stderr so stdout carries only `@@tsprov@@` progress lines.
 */
export function buildApplyScript(input: ApplyInput): ShellText {
  const r = resolveApplyInput(input);
  const run = shq(r.runId);
  const fileTargets = r.changes.filter((c) => c.kind === 'file').map((c) => c.target);
  const temps = tempFiles(r.changes, r.runId);
  const head = [
    `#!/bin/sh`,
    `# tsprov apply, run ${run}. Generated: do not edit.`,
    PRELUDE,
    `tsprov_run=${run}; tsprov_holder=${run}`,
    `tsprov_b=${shq(r.backupDir)}`,
    lockPathLine(r.lockPath),
    `tsprov_lock_wait=${shq(r.lockWaitSec)}`,
    `tsprov_phase=setup; tsprov_step=start; tsprov_locked=0; tsprov_restore=0; tsprov_armed=0`,
    EMIT_FN, LOCK_FNS, DISARM_FN, HANDLER_FN, BACKUP_FN, TOUCH_FN,
    `tsprov_cleanup_tmp() { ${temps.length ? `rm -f -- ${temps.map(shq).join(' ')}` : ':'}; }`,
    ABORT_FNS,
  ];
  const body: ShellText[] = [`tsprov_emit start ${run}`];
  if (r.changes.length === 0 && r.handlers.length === 0) {
    // Nothing to change and nothing notified: nothing to lock, back up or arm.
    body.push(`tsprov_emit nothing-to-do`, `tsprov_emit done ${run}`);
  } else {
    body.push(
      `trap tsprov_on_exit EXIT`,
      // A dropped SSH session shows as SIGPIPE at the next progress line: abort and restore like
      // SIGHUP (untrapped, dash would die on the spot, leaving the run half applied and locked).
      `trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM`,
      `tsprov_phase=lock; tsprov_step=lock`,
      `tsprov_lock_take || exit 1`,
      pendingRunCheck(dirOf(r.backupDir)),
      staleTempCleanup(fileTargets),
      backupSection(r.backupDir, r.runId, fileTargets),
      `tsprov_restore=1`,
      `tsprov_phase=change`,
      ...changeSections(r.changes, r.runId),
    );
    if (r.confirm) body.push(armSection(r.backupDir, r.runId, r.confirm));
    body.push(`tsprov_phase=handler`);
    for (const h of r.handlers) {
      body.push(`tsprov_step=${shq('handler:' + encodeField(h.name))}`);
      body.push(['tsprov_handler', shq(encodeField(h.name)), ...h.commands.map(shq)].join(' '));
    }
    body.push(`tsprov_phase=finish; tsprov_step=done`, `tsprov_now > "$tsprov_b/done"`, `tsprov_emit done ${run}`);
  }
  return [...head, `tsprov_main() {`, ...body, `}`, `tsprov_main </dev/null`, ''].join('\n');
}
