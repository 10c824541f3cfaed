/**
 * Restarting networkd after a bond was deleted under it (networkd 252 enslaves into a recreated
 * bond only after a restart): on the networkd lab VM that restart still left one or both slaves
 * "off (configuring)" outside the recreated bond about one time in three (3 of 8 mode flips), and
 * a second restart enslaved them every time (8 of 8). A `networkctl reconfigure` of the slaves
 * right after the restart does not help and once left a slave stuck itself.
 *
 * So: restart, wait up to 5 s for every slave to be in its bond, restart again if one is not —
 * three restarts at most; the verification after the reload judges the result. `expected` limits
 * the wait to slaves the config on disk still puts in that bond (a rollback restores files that
 * may declare another bond or none). The status is that of the last restart.
 */
import { shJoin, type ShellText } from '../../core/quote.ts';

export function restartUntilEnslaved(pairs: Array<[bond: string, slave: string]>, expected?: (bond: string, slave: string) => ShellText): ShellText {
  const inBond = ([b, s]: [string, string]): ShellText => {
    const joined = `[ ${shJoin([`/sys/class/net/${s}/master`])} -ef ${shJoin([`/sys/class/net/${b}`])} ]`;
    return expected ? `{ ! ${expected(b, s)} || ${joined}; }` : joined;
  };
  const all = pairs.length ? pairs.map(inBond).join(' && ') : 'true';
  return `{ n=0; rc=0; while [ "$n" -lt 3 ]; do systemctl restart systemd-networkd || { rc=$?; break; }; n=$((n + 1)); i=0; while [ "$i" -lt 50 ] && ! { ${all}; }; do sleep 0.1; i=$((i + 1)); done; [ "$i" -ge 50 ] || break; done; (exit "$rc"); }`;
}
