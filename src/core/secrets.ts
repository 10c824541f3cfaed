/**
 * The one rule for what is secret and how it is hidden. It lives in core because every layer
 * shows text built from user values: config (YAML error paths), inventory (views, validation),
 * engine (results) and report (file diffs) must all hide the same things the same way.
 */
export const MASK = '********';

/** Words that make a key secret, in a var name or in a `key = value` line of a file. */
export const SECRET_WORDS = ['password', 'passwd', 'secret', 'token', 'passphrase', 'psk'] as const;

// Ansible's own secret vars end in `_pass` (ansible_ssh_pass, ansible_become_pass, ansible_sudo_pass).
const SECRET_NAME = new RegExp(`${SECRET_WORDS.join('|')}|(?:^|_)pass$`, 'i');

/** A var name that is secret by itself; `secret_vars` names the list of secrets, not one. */
export function isSecretName(key: string): boolean {
  return key !== 'secret_vars' && SECRET_NAME.test(key);
}

/** Short values (`1`, `no`) would mask half a message; below this length only quoted forms go. */
const MIN_BARE = 3;

/**
 * `text` with every occurrence of a secret value replaced by MASK, longest value first so a
 * value holding another is hidden whole. Quoted (JSON) forms are hidden at any length, because a
 * message quoting a value is exactly how a short secret would leak.
 */
export function redactText(text: string, values: readonly string[]): string {
  let out = text;
  const sorted = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  for (const v of sorted) {
    out = out.split(JSON.stringify(v)).join(`"${MASK}"`);
    if (v.length >= MIN_BARE) out = out.split(v).join(MASK);
  }
  return out;
}

/** A deep copy of plain data with every string passed through redactText. */
export function redactDeep<T>(value: T, values: readonly string[]): T {
  if (values.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, values);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * A secret value carried through plain data (a sudo password from the inventory or a prompt):
 * printing, JSON and util.inspect all show the mask; only reveal() gives the text.
 */
export class SecretText {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  reveal(): string {
    return this.#text;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return MASK;
  }
}
