/**
 * ifupdown's reload: the bonds named and their slaves go down and up again through ifdown/ifup,
 * never `systemctl restart networking`, never an unrelated interface. Shared by ifupdown-legacy.
 */
import { shJoin, type ShellText } from '../../core/quote.ts';
import type { BackendReload } from '../types.ts';
import { rememberSlaves, upReleased } from '../released.ts';

/**
 * A removed bond: its stanzas are gone, so ifdown no longer knows it; deleting it releases the
 * slaves, and each comes up again from the stanza it has now (the one tsprov gave back), if any.
 */
function removeCommands(name: string, slaves: string[]): ShellText[] {
  const cmds: ShellText[] = [`ifdown --force -- ${shJoin([name])} >/dev/null 2>&1 || true`, `ip link del dev ${shJoin([name])} >/dev/null 2>&1 || true`];
  for (const s of slaves) cmds.push(`ip addr flush dev ${shJoin([s])} >/dev/null 2>&1 || true; ifup --force -- ${shJoin([s])} >/dev/null 2>&1 || true`);
  return cmds;
}

export const ifupdownReload: BackendReload = {
  commands({ reload, bonds }) {
    const cmds: ShellText[] = [];
    for (const name of reload) {
      const bond = bonds.find((b) => b.name === name);
      const slaves = bond?.slaves ?? [];
      if (bond?.state === 'absent') {
        cmds.push(...removeCommands(name, slaves));
        continue;
      }
      cmds.push(rememberSlaves(name));
      cmds.push(`ifdown --force -- ${shJoin([name])} >/dev/null 2>&1 || true`);
      // A half-configured bond left by an earlier failure is unknown to ifupdown: remove it.
      cmds.push(`ip link del dev ${shJoin([name])} >/dev/null 2>&1 || true`);
      for (const s of slaves) cmds.push(`ifdown --force -- ${shJoin([s])} >/dev/null 2>&1 || true; ip addr flush dev ${shJoin([s])} >/dev/null 2>&1 || true`);
      cmds.push(`ifup -- ${shJoin([name])}`);
      cmds.push(upReleased(name, slaves, (nic) => `ip addr flush dev ${nic} >/dev/null 2>&1; ifup --force -- ${nic}`));
    }
    return cmds;
  },
  rollbackCommands({ bonds }) {
    const cmds: ShellText[] = [];
    for (const b of bonds) {
      const q = shJoin([b.name]);
      // --force everywhere: ifupdown's state still says the new bond is up, and a plain ifup of
      // the restored bond would answer "already configured" and do nothing.
      cmds.push(`ifdown --force -- ${q} >/dev/null 2>&1 || true`);
      cmds.push(`ip link del dev ${q} >/dev/null 2>&1 || true`);
      for (const s of b.slaves) cmds.push(`ifup --force -- ${shJoin([s])} >/dev/null 2>&1 || true`);
      // Brings the old bond back when the restored config declares one; harmless otherwise.
      cmds.push(`ifup --force -- ${q} >/dev/null 2>&1 || true`);
    }
    return cmds;
  },
};
