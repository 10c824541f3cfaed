/**
 * networkd's reload: `networkctl reload` re-reads the files, `networkctl reconfigure` applies
 * them to the named links only; the network service is never restarted. A bond networkd must
 * create again (reloadNeedsDown, see recreate.ts) is deleted first, so that the reload finds it
 * missing and creates it from its new .netdev.
 *
 * `networkctl reconfigure` resolves every name before it touches any and fails as a whole on
 * one it cannot find. A bond networkd is creating may not exist yet, so each reload waits for it
 * (a bounded wait), then the slaves (NICs, which must exist) go in one call and the bond in its
 * own, only if it is there: when it is not, networkd configures it as it appears.
 */
import type { Bond } from '../../config/bond-model.ts';
import { shJoin, type ShellText } from '../../core/quote.ts';
import type { BackendReload } from '../types.ts';
import { rememberSlaves, upReleased } from '../released.ts';
import { restartUntilEnslaved } from './restart.ts';

/**
 * Up to 10 s for networkd to create the bond from its .netdev after `networkctl reload`: a slave
 * reconfigured before its bond exists is left unenslaved (seen on the lab VM: a recreated bond
 * came back with no slave and no address).
 */
function waitForBond(name: string): ShellText {
  const q: ShellText = shJoin([name]);
  return `i=0; while [ ! -e /sys/class/net/${q} ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done`;
}

/*
 * After a bond is deleted under it, networkd 252 recreates the bond from its .netdev on reload but
 * leaves the slaves "configuring" forever, never joining the new bond (seen on the lab VM; neither
 * reconfigure nor down/up of the slaves helps). A restart of networkd is what enslaves them: it
 * re-reads every file and takes over the links as they are, without taking them down. So a
 * recreate restarts networkd (restart.ts: until the slaves are in); every other reload stays a
 * `networkctl reload`.
 */

function reconfigureBond(name: string): ShellText {
  const q: ShellText = shJoin([name]);
  return `if [ -e /sys/class/net/${q} ]; then networkctl reconfigure -- ${q}; fi`;
}

function slavesOf(bonds: Bond[], name: string): string[] {
  return bonds.find((b) => b.name === name)?.slaves ?? [];
}

export const networkdReload: BackendReload = {
  commands({ reload, needsDown, bonds }) {
    if (reload.length === 0) return [];
    const cmds: ShellText[] = [];
    const removed = reload.filter((n) => bonds.find((b) => b.name === n)?.state === 'absent');
    const kept = reload.filter((n) => !removed.includes(n));
    // Not there (a bond never created) is fine: there is nothing to delete. networkd never deletes
    // a bond whose .netdev is gone, so a removed bond is deleted here; its slaves are released.
    const recreated = kept.filter((n) => needsDown.includes(n));
    for (const name of kept) cmds.push(rememberSlaves(name));
    for (const name of [...removed, ...recreated]) cmds.push(`ip link del dev ${shJoin([name])} >/dev/null 2>&1 || true`);
    // A restart configures every link afresh: a reconfigure after it only races it (restart.ts).
    const restarted = recreated.length > 0;
    cmds.push(restarted ? restartUntilEnslaved(kept.flatMap((n) => slavesOf(bonds, n).map((s): [string, string] => [n, s]))) : 'networkctl reload');
    for (const name of kept) {
      const slaves = slavesOf(bonds, name);
      cmds.push(waitForBond(name));
      if (slaves.length > 0 && !restarted) cmds.push(`networkctl reconfigure -- ${shJoin(slaves)}`);
      if (!restarted) cmds.push(reconfigureBond(name));
      // A NIC that left the bond (recreated without it) gets whatever .network matches it now.
      cmds.push(upReleased(name, slaves, (nic) => `networkctl reconfigure -- ${nic}`));
    }
    // A released slave gets whatever .network now matches it (one tsprov's file hid), or none.
    for (const name of removed) for (const s of slavesOf(bonds, name)) cmds.push(`networkctl reconfigure -- ${shJoin([s])} >/dev/null 2>&1 || true`);
    return cmds;
  },
  rollbackCommands({ bonds }) {
    const cmds: ShellText[] = [];
    // Gone, the bond comes back from the restored .netdev with its old settings, or stays gone
    // when there was none. Every step runs whatever the one before did: a rollback does what it can.
    for (const b of bonds) cmds.push(`ip link del dev ${shJoin([b.name])} >/dev/null 2>&1 || true`);
    // Waits only for slaves whose restored file still puts them in the bond.
    const pairs = bonds.flatMap((b) => b.slaves.map((s): [string, string] => [b.name, s]));
    const restart = restartUntilEnslaved(pairs, (b, s) => `[ -e ${shJoin([`/etc/systemd/network/10-tsprov-${b}-${s}.network`])} ]`);
    // Only when networkd cannot be restarted: a reload and a reconfigure of the links.
    const fallback = bonds.flatMap((b) => [...b.slaves.map((s) => `networkctl reconfigure -- ${shJoin([s])}`), reconfigureBond(b.name)]);
    cmds.push(`${restart} || { networkctl reload; ${[...fallback, ':'].join('; ')}; } || true`);
    for (const b of bonds) cmds.push(`${waitForBond(b.name)} || true`);
    return cmds;
  },
};
