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
    return { ok: true, text: readFileSync(fd, 'utf8') };
  } catch (e) {
    return { ok: false, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  } finally {
    closeSync(fd);
  }
}
