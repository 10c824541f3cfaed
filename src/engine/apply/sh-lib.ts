import { shq, type ShellText } from '../../core/quote.ts';

/**
 * Shell functions shared by the generated scripts. Plain POSIX sh (dash): no arrays, no
 * `local`, no `[[`. Every value from data arrives as a shq'd word; these bodies are constant.
 */

/** Progress lines never fail the script: after a dropped SSH channel stdout is gone (EPIPE). */
export const EMIT_FN: ShellText = `tsprov_emit() { printf '@@tsprov@@ %s\\n' "$*" 2>/dev/null || :; }
tsprov_fsync() { sync -- "$1" 2>/dev/null || sync; }
tsprov_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }`;

/** Where the lock lives: a fixed path when given, else /run/lock when present (tmpfs: gone after reboot). */
export function lockPathLine(lockPath: string | undefined): ShellText {
  if (lockPath !== undefined) return `tsprov_lock=${shq(lockPath)}`;
  return `if [ -d /run/lock ]; then tsprov_lock=/run/lock/tsprov.lock; else tsprov_lock=/var/lock/tsprov.lock; fi`;
}

/**
 * mkdir is atomic: exactly one contender creates the directory. The holder writes its run id and
 * pid inside; a lock whose pid is dead (or that never got a pid within 30 s) is stale. Breaking a
 * stale lock happens under a second mkdir guard, so two contenders cannot both break it and one
 * then delete the other's fresh lock.
 */
export const LOCK_FNS: ShellText = `tsprov_age() { echo $(( $(date +%s) - $(stat -c %Y -- "$1" 2>/dev/null || date +%s) )); }
tsprov_lock_is_stale() {
  tsprov_hpid=$(cat -- "$tsprov_lock/pid" 2>/dev/null || :)
  if [ -n "$tsprov_hpid" ]; then
    kill -0 "$tsprov_hpid" 2>/dev/null && return 1
    return 0
  fi
  [ "$(tsprov_age "$tsprov_lock")" -ge 30 ]
}
tsprov_lock_break() {
  if ! mkdir -- "$tsprov_lock.takeover" 2>/dev/null; then
    [ "$(tsprov_age "$tsprov_lock.takeover")" -ge 30 ] && rmdir -- "$tsprov_lock.takeover" 2>/dev/null
    return 1
  fi
  if tsprov_lock_is_stale; then
    tsprov_emit lock-stale "$(cat -- "$tsprov_lock/run" 2>/dev/null || echo unknown)" "\${tsprov_hpid:-none}"
    rm -rf -- "$tsprov_lock"
  fi
  rmdir -- "$tsprov_lock.takeover" 2>/dev/null || :
}
tsprov_lock_take() {
  tsprov_waited=0
  while :; do
    if mkdir -- "$tsprov_lock" 2>/dev/null; then
      printf '%s\\n' "$tsprov_holder" > "$tsprov_lock/run"
      printf '%s\\n' "$$" > "$tsprov_lock/pid"
      tsprov_now > "$tsprov_lock/since"
      tsprov_locked=1
      tsprov_emit lock-acquired "$tsprov_holder"
      return 0
    fi
    if tsprov_lock_is_stale; then tsprov_lock_break || sleep 1; continue; fi
    if [ "$tsprov_waited" -ge "$tsprov_lock_wait" ]; then
      tsprov_h=$(cat -- "$tsprov_lock/run" 2>/dev/null || echo unknown)
      tsprov_p=$(cat -- "$tsprov_lock/pid" 2>/dev/null || echo unknown)
      tsprov_s=$(cat -- "$tsprov_lock/since" 2>/dev/null || echo unknown)
      tsprov_emit lock-busy "$tsprov_h" "$tsprov_p"
      echo "tsprov: host is locked by run $tsprov_h (pid $tsprov_p, since $tsprov_s); lock: $tsprov_lock" >&2
      return 1
    fi
    sleep 1
    tsprov_waited=$((tsprov_waited + 1))
  done
}
tsprov_unlock() {
  [ "$tsprov_locked" = 1 ] || return 0
  [ "$(cat -- "$tsprov_lock/pid" 2>/dev/null || :)" = "$$" ] && rm -rf -- "$tsprov_lock"
  tsprov_locked=0
}`;

/**
 * Stops a pending rollback timer of the run in "$tsprov_b". The sleeper runs in its own session,
 * so killing its process group takes the sleep with it; the cmdline check guards against pid reuse.
 */
export const DISARM_FN: ShellText = `tsprov_disarm() {
  [ -f "$tsprov_b/armed" ] || return 0
  read -r tsprov_how tsprov_id < "$tsprov_b/armed" || :
  case $tsprov_how in
    systemd) systemctl stop -- "$tsprov_id.timer" "$tsprov_id.service" >/dev/null 2>&1 || : ;;
    sleep)
      if grep -q rollback.sh "/proc/$tsprov_id/cmdline" 2>/dev/null; then kill -9 "-$tsprov_id" 2>/dev/null || :; fi ;;
  esac
  rm -f -- "$tsprov_b/armed"
  tsprov_emit disarmed "$tsprov_how" "$tsprov_id"
}`;

/** Runs one handler's command lines in order; stdout goes to stderr so the protocol stays clean. */
export const HANDLER_FN: ShellText = `tsprov_handler() {
  tsprov_hname=$1; shift
  tsprov_emit handler-start "$tsprov_hname"
  for tsprov_cmd in "$@"; do
    tsprov_hrc=0
    sh -c "$tsprov_cmd" </dev/null >&2 || tsprov_hrc=$?
    if [ "$tsprov_hrc" -ne 0 ]; then
      tsprov_emit handler-failed "$tsprov_hname" "$tsprov_hrc"
      return "$tsprov_hrc"
    fi
  done
  tsprov_emit handler-ok "$tsprov_hname"
}`;

/** Reads a run's state from its markers; used by status and list (read-only). */
export const STATE_FN: ShellText = `tsprov_state() {
  if [ ! -d "$1" ]; then echo unknown
  elif [ -e "$1/rolled-back" ]; then echo rolled-back
  elif [ -e "$1/confirmed" ]; then echo confirmed
  elif [ -e "$1/failed" ]; then echo failed
  elif [ -e "$1/armed" ]; then echo armed
  elif [ -e "$1/done" ]; then echo applied
  else echo incomplete
  fi
}`;
