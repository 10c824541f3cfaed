/**
 * NetworkManager's reload: re-read the keyfiles, then activate only tsprov's bond profiles; their
 * `autoconnect-slaves=1` brings the port profiles along in the same activation (find_slaves() in
 * NM's manager also takes over slaves that are active with another profile). Never a restart of
 * NetworkManager, never another interface.
 *
 * nmcli has no `--` (an argument "--" is read as a name), so operands follow the `id` keyword,
 * which makes nmcli take the next word as a profile id; profile ids start with "tsprov-" and
 * interface names cannot start with '-' (the schema refuses them), so nothing reads as an option.
 */
import type { Bond } from '../../config/bond-model.ts';
import { shJoin, type ShellText } from '../../core/quote.ts';
import type { BackendReload } from '../types.ts';
import { bondId, portId, profilePath } from './profiles.ts';

const quiet = (cmd: ShellText): ShellText => `${cmd} >/dev/null 2>&1 || true`;

/** The bond gone for good, so the next activation creates it with every option (mode included). */
function tearDown(bond: string): ShellText[] {
  return [quiet(shJoin(['nmcli', 'connection', 'down', 'id', bondId(bond)])), quiet(shJoin(['ip', 'link', 'del', 'dev', bond]))];
}

export const nmReload: BackendReload = {
  commands({ reload, needsDown, bonds }) {
    if (reload.length === 0 && needsDown.length === 0) return [];
    const removed = new Set(bonds.filter((b) => b.state === 'absent').map((b) => b.name));
    // The reload drops the profiles whose files are gone, deactivating them; a removed bond is then
    // deleted if NM left it, and its ports take whatever profile NM now connects by itself.
    const cmds: ShellText[] = [shJoin(['nmcli', 'connection', 'reload'])];
    for (const b of removed) if (reload.includes(b)) cmds.push(quiet(shJoin(['ip', 'link', 'del', 'dev', b])));
    for (const b of needsDown) if (!removed.has(b)) cmds.push(...tearDown(b));
    for (const b of new Set([...reload, ...needsDown])) if (!removed.has(b)) cmds.push(shJoin(['nmcli', 'connection', 'up', 'id', bondId(b)]));
    return cmds;
  },
  rollbackCommands({ bonds }) {
    if (bonds.length === 0) return [];
    const cmds: ShellText[] = [quiet(shJoin(['nmcli', 'connection', 'reload']))];
    for (const b of bonds) cmds.push(...tearDown(b.name), ...restore(b));
    return cmds;
  },
};

/**
 * After the backed-up files are back: a bond that had a tsprov profile before comes back with its
 * old ports; a slave without an old tsprov port profile gets whatever profile NM finds best for it.
 */
function restore(b: Bond): ShellText[] {
  const cmds: ShellText[] = [
    `if [ -e ${shJoin([profilePath(bondId(b.name))])} ]; then ${quiet(shJoin(['nmcli', 'connection', 'up', 'id', bondId(b.name)]))}; fi`,
  ];
  for (const s of b.slaves) {
    cmds.push(`[ -e ${shJoin([profilePath(portId(b.name, s))])} ] || ${quiet(shJoin(['nmcli', 'device', 'connect', s]))}`);
  }
  return cmds;
}
