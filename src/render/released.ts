/**
 * A NIC taken out of a bond's declaration (not the bond removed) is released by the reload, and
 * its own config — the stanza or file tsprov gives back — must be brought up again: nothing else
 * would until the next boot. The reload notes the live slaves before it touches the bond. Each
 * handler command runs in a shell of its own, so the list goes through a file, not a variable;
 * /var/run exists on every Debian and RHEL this handles, old ones included.
 */
import { shq, type ShellText } from '../core/quote.ts';

const listFile = (bond: string): ShellText => shq(`/var/run/tsprov-was-slaves.${bond}`);

/** Shell: the bond's live slaves, noted in a file (empty when the bond does not exist). */
export function rememberSlaves(bond: string): ShellText {
  return `cat /sys/class/net/${shq(bond)}/bonding/slaves >${listFile(bond)} 2>/dev/null || :`;
}

/** Shell: `up` (never failing) for each noted slave that the bond no longer declares; the note goes. */
export function upReleased(bond: string, declared: string[], up: (nic: ShellText) => ShellText): ShellText {
  const keep = shq(` ${declared.join(' ')} `);
  const file = listFile(bond);
  return `for s in $(cat ${file} 2>/dev/null); do case ${keep} in *" $s "*) ;; *) ${up('"$s"')} >/dev/null 2>&1 || : ;; esac; done; rm -f ${file}`;
}
