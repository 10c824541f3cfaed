import { positionAt } from '../core/text-position.ts';
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** What a non-regular file is, for a message refusing it. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a config file the user named, refusing anything but a regular file. The type is checked
 * on the opened descriptor (O_NONBLOCK, so opening a FIFO cannot hang), not on the name, so the
 * file cannot be swapped between the check and the read.
 */
export function readRegularFile(file: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, message: `cannot read file: it is ${fileKind(st)}, not a regular file` };
    return decodeUtf8(readFileSync(fd));
  } catch (e) {
    return { ok: false, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  } finally {
    closeSync(fd);
  }
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Config files are UTF-8 (as Ansible reads them); a UTF-16 or binary file is named, not garbled. */
function decodeUtf8(bytes: Buffer): ReadResult {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const text = bytes.toString('utf8');
    const at = positionAt(text, text.indexOf('\uFFFD'));
    return { ok: false, message: `cannot read file: it is not UTF-8 text (first bad byte at line ${at.line}, column ${at.col})` };
  }
}
