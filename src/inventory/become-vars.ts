/**
 * ansible_become_method / _exe / _flags. tsprov escalates with sudo only, building the sudo
 * command itself (`-n`, or `-S -p PROMPT` when it has a password), so of sudo's flags only those
 * that change the command's environment are passed through.
 */

/** Passed to sudo as written: -H (HOME of the target user), -E (keep the environment). */
export const BECOME_FLAGS_PASSED: ReadonlySet<string> = new Set(['-H', '-E']);
/** Chosen by tsprov itself (Ansible's default flags are `-H -S -n`): accepted, no effect. */
const OWN = new Set(['-S', '-n']);

/** `-H -S -n` or `-HSn` → `['-H', '-S', '-n']`; a long option (`--login`) stays whole. */
export function splitFlags(text: string): string[] {
  return text.split(/\s+/).filter(Boolean).flatMap((w) => (/^-[A-Za-z]{2,}$/.test(w) ? [...w.slice(1)].map((c) => `-${c}`) : [w]));
}

/** One message per flag tsprov does not pass on. */
export function becomeFlagWarnings(text: string): string[] {
  return splitFlags(text)
    .filter((f) => !BECOME_FLAGS_PASSED.has(f) && !OWN.has(f))
    .map((f) => `sudo flag ${f} is recognised but not supported (tsprov passes only -H and -E; it picks -n/-S itself); ignored`);
}

/** Why a become method is refused, or undefined for sudo. */
export function becomeMethodError(value: unknown): string | undefined {
  const m = String(value);
  if (m === 'sudo') return undefined;
  return `become method ${JSON.stringify(m)} is recognised but not supported: tsprov escalates only with sudo (set ansible_become_method: sudo, or leave it out)`;
}
