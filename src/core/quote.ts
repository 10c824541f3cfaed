/**
 * The one quoting helper every remote command goes through. POSIX single quotes: nothing inside
 * is special, and a single quote is closed, escaped and reopened. Inventory values never reach a
 * shell any other way.
 */
/**
 * Text bound for a remote `sh`. A plain alias, so it costs callers nothing; `npm run lint:commands`
 * reads it on declarations to know which strings are shell text (docs/security.md).
 */
export type ShellText = string;

export function shq(value: string | number): ShellText {
  const s = String(value);
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them into one command line. */
export function shJoin(words: ReadonlyArray<string | number>): ShellText {
  return words.map(shq).join(' ');
}
