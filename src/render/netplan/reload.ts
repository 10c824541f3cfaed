/**
 * netplan's reload, done by hand for the named bonds only: `netplan generate` writes networkd's
 * files, `networkctl reload` and `reconfigure` apply them to those links. Not `netplan apply`
 * (it reconfigures every networkd link) and never `netplan try` (it refuses bonds with
 * parameters); tsprov's commit-confirmed timer is the safety net instead.
 *
 * networkd uses an existing bond as it finds it ("netdev exists, using existing without changing
 * its parameters"), and netplan apply does not change that either. So a bond whose generated
 * .netdev changed, or whose options the kernel refuses live, is deleted first; networkd, then
 * restarted (see RECREATED), creates it again with the new parameters.
 */
import type { Bond } from '../../config/bond-model.ts';
import { shJoin, shq, type ShellText } from '../../core/quote.ts';
import type { BackendReload } from '../types.ts';
import { restartUntilEnslaved } from '../networkd/restart.ts';

const RUN_DIR = '/run/systemd/network';

/**
 * networkd 252 recreates a deleted bond from its .netdev on reload but never enslaves the slaves
 * into it (they stay "configuring"; seen on the networkd lab VM): only a restart of networkd does,
 * and not always the first one (networkd/restart.ts). So a reload that deleted a bond restarts
 * networkd; the marker says whether one was deleted, and stays until DONE: after a restart, which
 * configures every link afresh, the reconfigure steps are skipped (they only race it).
 */
const RECREATED = '/run/tsprov-netplan-recreated';
type Pair = [bond: string, slave: string];
const reloadOrRestart = (pairs: Pair[], expected?: (bond: string, slave: string) => ShellText): ShellText =>
  `if [ -e ${RECREATED} ]; then ${restartUntilEnslaved(pairs, expected)}; else networkctl reload; fi`;
const unlessRestarted = (cmd: ShellText): ShellText => `[ -e ${RECREATED} ] || { ${cmd}; }`;
const DONE: ShellText = `rm -f ${RECREATED}`;
const pairsOf = (bonds: Bond[]): Pair[] => bonds.flatMap((b) => b.slaves.map((s): Pair => [b.name, s]));
const dropped = (dev: ShellText): ShellText => `{ ip link del dev ${dev} >/dev/null 2>&1 && : >${RECREATED}; } || :`;

/**
 * Snapshot the bonds' generated .netdev files, generate, and delete each bond whose .netdev is
 * new or changed. A failed generate changes nothing live.
 */
function generateAndDropChanged(names: string[]): ShellText {
  const list = shJoin(names);
  const netdev = `"${RUN_DIR}/10-netplan-$b.netdev"`;
  return [
    'd=$(mktemp -d) || exit 1',
    `for b in ${list}; do cp -- ${netdev} "$d/$b" 2>/dev/null || :; done`,
    'netplan generate || { rc=$?; rm -rf -- "$d"; exit "$rc"; }',
    `for b in ${list}; do cmp -s -- "$d/$b" ${netdev} || ${dropped('"$b"')}; done`,
    'rm -rf -- "$d"',
  ].join('; ');
}

/** A slave taken out of the declaration would stay enslaved: networkd never releases it. */
function releaseUndeclared(bond: Bond): ShellText {
  const keep = shq(` ${bond.slaves.join(' ')} `);
  return `for s in $(cat /sys/class/net/${shq(bond.name)}/bonding/slaves 2>/dev/null); do case ${keep} in *" $s "*) ;; *) ip link set dev "$s" nomaster ;; esac; done`;
}

/** networkd creates a bond asynchronously after its reload; reconfigure needs the link to exist. */
function reconfigure(bond: Bond): ShellText {
  const wait = `i=0; while [ ! -e /sys/class/net/${shq(bond.name)} ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done`;
  return `${wait}; networkctl reconfigure -- ${shJoin([bond.name, ...bond.slaves])}`;
}

export const netplanReload: BackendReload = {
  commands({ reload, needsDown, bonds }) {
    if (reload.length === 0) return [];
    const named = reload.flatMap((n) => bonds.filter((b) => b.name === n));
    // A removed bond's .netdev is gone after generate, so generateAndDropChanged deletes it too.
    const targets = named.filter((b) => b.state !== 'absent');
    const released = named.filter((b) => b.state === 'absent').flatMap((b) => b.slaves);
    return [
      generateAndDropChanged(reload),
      ...needsDown.filter((n) => reload.includes(n)).map((n) => dropped(shq(n))),
      ...targets.map(releaseUndeclared),
      reloadOrRestart(pairsOf(targets)),
      ...targets.map((b) => unlessRestarted(reconfigure(b))),
      DONE,
      // Given back to whatever netplan file now declares them, or left unconfigured.
      ...released.map((s) => `networkctl reconfigure -- ${shq(s)} >/dev/null 2>&1 || :`),
    ];
  },
  rollbackCommands({ bonds }) {
    if (bonds.length === 0) return [];
    const slaves = bonds.flatMap((b) => b.slaves);
    return [
      'netplan generate',
      // The restored files may declare the bond with other parameters, or not at all: netplan
      // never deletes a bond, and networkd would keep the live one as it is.
      ...bonds.map((b) => dropped(shq(b.name))),
      // Waits only for slaves the regenerated config still puts in that bond.
      reloadOrRestart(pairsOf(bonds), (b, s) => `grep -qsx ${shq(`Bond=${b}`)} ${shq(`${RUN_DIR}/10-netplan-${s}.network`)}`),
      ...(slaves.length ? [unlessRestarted(`networkctl reconfigure -- ${shJoin(slaves)}`)] : []),
      DONE,
    ];
  },
};
