import { lazy } from '../core/lazy.ts';

const diffModule = lazy<typeof import('diff')>('diff');
import type { FileChange } from '../core/change.ts';
import { MASK, SECRET_WORDS } from '../core/secrets.ts';
import { printable } from '../core/show-path.ts';

export const MASKED = MASK;
export const HIDDEN_COMMAND = '(command hidden: it carries a secret)';

/**
 * A line whose key looks secret (password, secret, token, …): key, separator, value. Matched one
 * line at a time and with horizontal blanks only, so a match can never run into the next line
 * (which once masked the following line and showed the secret); a trailing CR is kept.
 */
const SECRET_LINE = new RegExp(`^([^\\r\\n]*?(?:${SECRET_WORDS.join('|')})[^:=\\s]*[ \\t]*[:= ][ \\t]*)(\\S[^\\r\\n]*)(\\r?)$`, 'i');

/** Masks `key: value` / `key=value` / `key value` lines whose key looks secret. */
export function maskSecretLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(SECRET_LINE, (_m, k: string, _v: string, cr: string) => `${k}${MASKED}${cr}`))
    .join('\n');
}

export const CHANGED_SECRET = `${MASKED} (changed)`;

/**
 * The new side, masked, with a secret whose key the old side has under another value shown as
 * changed: masking both sides alike would turn a rotated password into unchanged context, and a
 * change of only secrets into a diff with no +/- lines at all.
 */
export function maskSecretLinesAgainst(before: string, after: string): string {
  const old = new Map<string, Set<string>>();
  for (const l of before.split('\n')) {
    const m = SECRET_LINE.exec(l);
    if (m) old.set(m[1]!, (old.get(m[1]!) ?? new Set()).add(m[2]!));
  }
  return after
    .split('\n')
    .map((l) =>
      l.replace(SECRET_LINE, (_m, k: string, v: string, cr: string) => {
        const seen = old.get(k);
        return `${k}${seen && !seen.has(v) ? CHANGED_SECRET : MASKED}${cr}`;
      }),
    )
    .join('\n');
}

function sides(change: FileChange): [string, string] {
  const hidden = `${MASKED} (content hidden: marked sensitive)\n`;
  const { before, after } = change;
  // Both sides alike would give an empty diff for an update: the reviewer must still see one.
  if (change.sensitive === true) return [before === null ? '' : after === null ? hidden : `${MASKED} (old content hidden: marked sensitive)\n`, after === null ? '' : hidden];
  return [
    before === null ? '' : maskSecretLines(before),
    after === null ? '' : maskSecretLinesAgainst(before ?? '', after),
  ];
}

const paint = (code: number, s: string): string => `\u001b[${code}m${s}\u001b[0m`;

/**
 * A unified diff of one file change, headed with host and path so a reviewer can tell hosts
 * apart in one stream. Secrets are masked on both sides (a changed one is marked so); colour only
 * when asked (a TTY). Control bytes in the content are escaped unless `raw` (JSON, which escapes).
 */
export function fileDiff(host: string, change: FileChange, colour = false, raw = false): string {
  const [before, after] = sides(change);
  const oldName = change.before === null ? '/dev/null' : `${host}:${change.target}`;
  const newName = change.after === null ? '/dev/null' : `${host}:${change.target}`;
  const patch = diffModule().createTwoFilesPatch(oldName, newName, before, after, change.before === null ? '(absent)' : 'current', change.after === null ? '(removed)' : 'tsprov', { context: 3 });
  // Drop the "Index:"/"====" preamble: reviewers want the git-style header only.
  const kept = patch.split('\n').filter((l, i) => !(i < 2 && (l.startsWith('Index:') || l.startsWith('===='))));
  // File content is host-made text: escape its control bytes for terminals and review pages;
  // JSON (raw) escapes them itself.
  const body = (raw ? kept : kept.map(printable)).join('\n');
  if (!colour) return body;
  return body
    .split('\n')
    .map((l) => (l.startsWith('+++') || l.startsWith('---') ? paint(1, l) : l.startsWith('+') ? paint(32, l) : l.startsWith('-') ? paint(31, l) : l.startsWith('@@') ? paint(36, l) : l))
    .join('\n');
}
