import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, realpathSync, statSync, writeSync, type Stats } from 'node:fs';
import { positionAt } from '../core/text-position.ts';
import { join, sep } from 'node:path';
import { TsprovError } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { escapeControls, showPath } from '../core/show-path.ts';
import { fileKind, readRegularFile } from '../config/read-file.ts';
import { describe } from '../config/schema-check.ts';
import type { HostFacts } from '../facts/types.ts';

const fail = (message: string): never => {
  throw new TsprovError('E_RENDER', message, ExitCode.usage);
};

/** JSON.parse's message, positioned as file:line:col when V8 gives an offset, never echoing the text. */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    const at = /at position (\d+)/.exec(msg);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(msg) ? text.length : undefined;
    const what = `invalid JSON: ${escapeControls(msg.replace(/ in JSON at position \d+.*$/s, ''))}`;
    if (offset === undefined) return fail(`${showPath(file)}: ${what}`);
    const pos = positionAt(text, offset);
    return fail(`${showPath(file)}:${pos.line}:${pos.col}: ${what}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The parts of HostFacts render reads, checked so a hand-edited file fails with its field named. */
function checkShape(f: Record<string, unknown>): string | undefined {
  const bad = (field: string, want: string, got: unknown): string => `facts.${field} must be ${want}; got ${describe(got)}`;
  if (!isObj(f.bonds)) return bad('bonds', 'a mapping', f.bonds);
  if (!isObj(f.files)) return bad('files', 'a mapping of paths to text or null', f.files);
  for (const [p, v] of Object.entries(f.files)) if (v !== null && typeof v !== 'string') return bad(`files[${JSON.stringify(p)}]`, 'text or null', v);
  if (!isObj(f.modutils) || typeof f.modutils.present !== 'boolean') return bad('modutils.present', 'true or false', isObj(f.modutils) ? f.modutils.present : f.modutils);
  if (!isObj(f.commands)) return bad('commands', 'a mapping', f.commands);
  if (!isObj(f.modprobe)) return bad('modprobe', 'a mapping', f.modprobe);
  if (!isObj(f.backend) || typeof f.backend.detected !== 'string') return bad('backend.detected', 'a string', isObj(f.backend) ? f.backend.detected : f.backend);
  return undefined;
}

/** Facts from a `tsprov facts --json` file: the host's own entry, else the file's only entry. */
export function readFacts(file: string, host: string): HostFacts {
  const read = readRegularFile(file);
  if (!read.ok) return fail(`${showPath(file)}: ${read.message}`);
  const doc = parseJson(file, read.text);
  const hosts = isObj(doc) && isObj(doc.hosts) ? doc.hosts : undefined;
  const entry = hosts?.[host] ?? (hosts && Object.keys(hosts).length === 1 ? Object.values(hosts)[0] : undefined);
  const facts = isObj(entry) ? entry.facts : undefined;
  if (!isObj(facts)) return fail(`${showPath(file)} holds no facts for ${host} (expected the output of tsprov facts --json)`);
  const wrong = checkShape(facts);
  if (wrong) return fail(`${showPath(file)}: ${wrong} (expected the output of tsprov facts --json)`);
  return facts as unknown as HostFacts;
}

const lstatOrNull = (p: string): Stats | null => {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
};

/** The --out directory, created when missing; its realpath, against which every write is confined. */
export function prepareOut(out: string): string {
  const st = (() => {
    try {
      return statSync(out);
    } catch {
      return null;
    }
  })();
  if (st && !st.isDirectory()) fail(`--out ${showPath(out)} is ${st.isFile() ? 'a regular file' : fileKind(st)}, not a directory`);
  if (!st) mkdirSync(out, { recursive: true });
  return realpathSync(out);
}

/** The components of a host path to write under --out; one with `..` is refused before any write. */
export function confinedParts(rel: string): string[] {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || parts.length === 0) fail(`refusing to write ${showPath(rel)}: the path would leave --out (it holds "..")`);
  return parts;
}

const inside = (root: string, p: string): boolean => p === root || p.startsWith(root + sep);

/**
 * Writes `content` at `rel` (a path on the host, e.g. /etc/network/interfaces) under `root`,
 * and nowhere else: paths come from facts files, which can be edited or hostile. No `..`, no
 * directory whose realpath leaves root, no write through a symlink, no write into a FIFO.
 */
export function writeConfined(root: string, rel: string, content: string): string {
  const parts = confinedParts(rel);
  const refuse = (why: string): never => fail(`refusing to write ${showPath(rel)}: ${why}`);
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const st = lstatOrNull(dir);
    if (!st) mkdirSync(dir);
    else if (st.isSymbolicLink() ? !inside(root, realpathSync(dir)) : !st.isDirectory()) {
      refuse(st.isSymbolicLink() ? `${showPath(dir)} is a symlink to outside --out` : `${showPath(dir)} is not a directory`);
    }
  }
  if (!inside(root, realpathSync(dir))) refuse('its directory is outside --out');
  const dest = join(dir, parts.at(-1)!);
  const old = lstatOrNull(dest);
  if (old && !old.isFile()) refuse(`${showPath(dest)} is ${old.isSymbolicLink() ? 'a symlink' : fileKind(old)}`);
  let fd: number;
  try {
    fd = openSync(dest, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(code === 'ELOOP' ? `${showPath(dest)} is a symlink` : `${showPath(dest)}: ${code ?? String(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) refuse(`${showPath(dest)} is ${fileKind(st)}`);
    // Truncate only once it is known to be a regular file of ours.
    ftruncateSync(fd);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return dest;
}
