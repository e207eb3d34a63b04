/**
 * Durable file writes: a file the runner writes (checkpoint, model, predictions, report, split,
 * resolved config) is written completely, synced and renamed over the old one, or not at all.
 * writeSync may write fewer bytes than asked (a full disk is the usual cause), so it is called until
 * every byte is out; any failure removes the temporary file and leaves the previous good file in place.
 * Failures are LocatedErrors naming the file and the reason in words (disk full, read-only, permission),
 * so every surface shows one line instead of a stack.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { LocatedError } from './errors';

/** Suffix of the temporary files: `<name>.tmp-<pid>`; leftovers from a killed process are removed on resume. */
export const TEMP_SUFFIX = '.tmp-';

const REASONS: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'folder does not exist',
  ENOTDIR: 'a path component is not a folder',
  EISDIR: 'a folder is in the way',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EMFILE: 'too many open files',
};

/** The reason of a file-system error in words, with its code (`disk full (ENOSPC)`). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** A write that did not happen; the previous file (if any) is untouched. */
export class FileWriteError extends LocatedError {
  readonly code?: string;
  constructor(path: string, cause: unknown, what = 'write') {
    super(`cannot ${what} ${basename(path)}: ${fsReason(cause)}`, { file: path }, 'a writable folder with free space');
    this.name = 'FileWriteError';
    this.code = (cause as NodeJS.ErrnoException | null)?.code;
  }
}

/** Writes every byte of `buf` at the descriptor's position, looping over short writes. */
export function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.byteLength) {
    const n = writeSync(fd, buf, off, buf.byteLength - off);
    // A zero-byte write would loop forever; the kernel reports a full disk this way on some file systems.
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    off += n;
  }
}

function bestEffort(f: () => void): void {
  try { f(); } catch { /* nothing more to undo */ }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}${TEMP_SUFFIX}${process.pid}`;
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new FileWriteError(path, e);
  }
  try {
    writeAll(fd, buf);
    fsyncSync(fd);
  } catch (e) {
    bestEffort(() => closeSync(fd));
    bestEffort(() => unlinkSync(tmp));
    throw new FileWriteError(path, e);
  }
  try {
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    bestEffort(() => unlinkSync(tmp));
    throw new FileWriteError(path, e);
  }
  // The rename is durable once the folder's entry is synced; not every platform can open a folder.
  bestEffort(() => {
    const dfd = openSync(dirname(path), 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  });
}
