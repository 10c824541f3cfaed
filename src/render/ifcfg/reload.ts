/**
 * network-scripts' reload: ifdown/ifup of the named bonds and their slaves, never
 * `systemctl restart network`. initscripts' ifup and ifdown take the configuration as their
 * first argument and parse no options, so they get no `--` (it would be read as a configuration
 * named "--" and fail); the names are validated never to start with "-".
 *
 * Not run against a RHEL host (none is reachable here); it follows initscripts' ifup, ifdown,
 * ifup-eth, ifdown-eth and network-functions (github.com/fedora-sysv/initscripts).
 */
import { shJoin, shq, type ShellText } from '../../core/quote.ts';
import type { BackendReload } from '../types.ts';
import { rememberSlaves, upReleased } from '../released.ts';

const quiet = (cmd: ShellText): ShellText => `${cmd} >/dev/null 2>&1 || true`;

/**
 * install_bonding_driver applies BONDING_OPTS only to a bond without slaves, and ifdown of the
 * bond releases only the slaves its new files name: a NIC taken out of the bond would stay
 * enslaved and keep every option from being applied. So whatever is still enslaved goes too.
 */
function releaseRest(bond: string): ShellText {
  const slaves = `/sys/class/net/${shq(bond)}/bonding/slaves`;
  return `tr ' ' '\\n' 2>/dev/null <${slaves} | while read -r s; do [ -z "$s" ] || ip link set dev "$s" nomaster; done >/dev/null 2>&1 || true`;
}

export const ifcfgReload: BackendReload = {
  commands({ reload, needsDown, bonds }) {
    const cmds: ShellText[] = [];
    for (const name of reload) {
      const bond = bonds.find((b) => b.name === name);
      const slaves = bond?.slaves ?? [];
      if (bond?.state === 'absent') {
        // Its file is gone, so ifdown cannot read it: the bond goes by ip, which releases the
        // slaves; each comes up again from the file it has now (the earlier one), if any.
        cmds.push(quiet(`ip link del dev ${shJoin([name])}`));
        for (const s of slaves) cmds.push(quiet(`ifup ${shJoin([s])}`));
        continue;
      }
      cmds.push(rememberSlaves(name));
      // ifdown of the bond releases the slaves its files name; ifdown of each slave also stops a
      // dhclient and flushes addresses an earlier config left on it (the bond may not exist yet).
      cmds.push(quiet(`ifdown ${shJoin([name])}`));
      for (const s of slaves) cmds.push(quiet(`ifdown ${shJoin([s])}`));
      if (needsDown.includes(name)) cmds.push(quiet(`ip link del dev ${shJoin([name])}`));
      else cmds.push(releaseRest(name));
      // ifup-eth creates the bond if needed, applies BONDING_OPTS, then ifups every ifcfg file
      // whose MASTER names it, then the addresses, routes and DNS.
      cmds.push(`ifup ${shJoin([name])}`);
      cmds.push(upReleased(name, slaves, (nic) => `ifup ${nic}`));
    }
    return cmds;
  },
  rollbackCommands({ bonds }) {
    const cmds: ShellText[] = [];
    for (const b of bonds) {
      const q = shJoin([b.name]);
      cmds.push(quiet(`ifdown ${q}`));
      cmds.push(quiet(`ip link del dev ${q}`));
      // The restored files decide: a slave of the old bond brings that bond back with its own
      // BONDING_OPTS, a NIC that had its own config gets it again, one without a file stays down.
      for (const s of b.slaves) cmds.push(quiet(`ifup ${shJoin([s])}`));
      cmds.push(quiet(`ifup ${q}`));
    }
    return cmds;
  },
};
