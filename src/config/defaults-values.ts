import { isAbsolute, join, normalize } from 'node:path';

/**
 * The value types of the defaults file (tsprov.cfg, tsprov.yml, ansible.cfg), converted as
 * ansible-core 2.14's config manager converts them (`ensure_type`), but strictly: where Ansible
 * would read a mistyped value as something else (`boolean(strict=False)` turns "accept-new"
 * into False), tsprov refuses it with what it expected. Pure.
 */

export type Converted<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

/** What a path is resolved against: the config file's directory, as Ansible does. */
export interface PathEnv {
  baseDir: string;
  home: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

// Python's BOOLEANS_TRUE / BOOLEANS_FALSE (module_utils/parsing/convert_bool.py), lower-cased.
const TRUE = ['y', 'yes', 'on', '1', 'true', 't'];
const FALSE = ['n', 'no', 'off', '0', 'false', 'f'];
export const BOOLEAN_SPELLINGS = [...TRUE, ...FALSE].join(', ');

/** Ansible's `unquote`: one pair of matching surrounding quotes is removed. */
export function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0]) ? s.slice(1, -1) : s;
}

/** os.path.expandvars: `$NAME` and `${NAME}` replaced when set, left as written when not. */
function expandVars(s: string, env: PathEnv['env']): string {
  return s.replace(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/gu, (all, braced: string | undefined, bare: string | undefined) => env[(braced ?? bare)!] ?? all);
}

/**
 * Ansible's resolve_path: `{{CWD}}` is the current directory, environment variables and a
 * leading `~` are expanded, and a relative path is taken from the config file's directory.
 */
export function resolveConfigPath(raw: string, p: PathEnv): string {
  let s = expandVars(raw.replaceAll('{{CWD}}', p.cwd), p.env);
  if (s === '~' || s.startsWith('~/')) s = p.home + s.slice(1);
  // Python's normpath drops a trailing slash; node's normalize keeps it.
  return normalize(isAbsolute(s) ? s : join(p.baseDir, s)).replace(/(?<=.)\/+$/u, '');
}

export function toPath(raw: string, p: PathEnv): Converted<string> {
  const s = unquote(raw.trim());
  if (!s) return { ok: false, message: 'expects a file path, got an empty value' };
  return { ok: true, value: resolveConfigPath(s, p) };
}

/** A comma-separated list (Ansible's `pathlist`) or, from YAML, a list; empty entries dropped. */
export function toPathList(raw: string | string[], p: PathEnv): Converted<string[]> {
  const parts = (Array.isArray(raw) ? raw : raw.split(',')).map((x) => x.trim()).filter(Boolean);
  if (!parts.length) return { ok: false, message: 'expects one or more paths (comma-separated), got an empty value' };
  return { ok: true, value: parts.map((x) => resolveConfigPath(unquote(x), p)) };
}

/** A string; an empty one means "not set" (Ansible: a blank remote_user is the plugin default). */
export function toText(raw: string): Converted<string> {
  const s = unquote(raw.trim());
  return { ok: true, value: s === '' ? undefined : s };
}

export function toPositiveInt(raw: string): Converted<number> {
  const s = raw.trim();
  if (!/^\+?\d+$/u.test(s) || Number(s) <= 0 || !Number.isSafeInteger(Number(s))) return { ok: false, message: `expects a positive whole number, got ${JSON.stringify(raw)}` };
  return { ok: true, value: Number(s) };
}

export function toBool(raw: string): Converted<boolean> {
  const s = raw.trim().toLowerCase();
  if (TRUE.includes(s)) return { ok: true, value: true };
  if (FALSE.includes(s)) return { ok: true, value: false };
  return { ok: false, message: `expects a boolean (${BOOLEAN_SPELLINGS}), got ${JSON.stringify(raw)}` };
}

/** host_key_checking: a boolean as in Ansible; in tsprov's own file also a tsprov policy. */
export type HostKeyChecking = boolean | 'strict' | 'accept-new' | 'off';
export function toHostKeyChecking(raw: string, policies: boolean): Converted<HostKeyChecking> {
  const s = raw.trim();
  if (policies && (s === 'strict' || s === 'accept-new' || s === 'off')) return { ok: true, value: s };
  const b = toBool(s);
  if (b.ok || !policies) return b;
  return { ok: false, message: `expects a boolean (${BOOLEAN_SPELLINGS}) or one of strict, accept-new, off, got ${JSON.stringify(raw)}` };
}
