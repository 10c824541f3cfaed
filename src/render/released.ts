/**
 * A NIC taken out of a bond's declaration (not the bond removed) is released by the reload, and
 * its own config — the stanza or file tsprov gives back — must be brought up again: nothing else
 * would until the next boot. The reload remembers the live slaves before it touches the bond.
 */
import { shq, type ShellText } from '../core/quote.ts';

const varOf = (i: number): string => `tsprov_was${i}`;

/** Shell: the bond's live slaves, kept in a variable (empty when it does not exist). */
export function rememberSlaves(bond: string, i: number): ShellText {
  return `${varOf(i)}=$(cat /sys/class/net/${shq(bond)}/bonding/slaves 2>/dev/null || :)`;
}

/** Shell: `up` (never failing) for each remembered slave that the bond no longer declares. */
export function upReleased(i: number, declared: string[], up: (nic: ShellText) => ShellText): ShellText {
  const keep = shq(` ${declared.join(' ')} `);
  return `for s in $${varOf(i)}; do case ${keep} in *" $s "*) ;; *) ${up('"$s"')} >/dev/null 2>&1 || : ;; esac; done`;
}
