/**
 * Reads the lines appended to a file since the last read, from a byte offset: how the editor follows a
 * run's events.ndjson (and its runner.log) while another process writes it. A line counts only once its
 * newline is there, so a line caught half-written waits for its end (bytes are kept, not text, so a cut
 * inside a multi-byte character is harmless). A file that was replaced (another inode: a resume rewrites
 * the log atomically) or that shrank (truncated) is read again from its start, and the read says so, so
 * its reader starts over instead of mixing two histories. No VS Code here: unit-tested on real files.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface TailRead {
  /** Complete lines appended since the last read (without newline or a trailing \r), blank ones dropped. */
  lines: string[];
  /** The file was replaced or truncated: `lines` start from its beginning and earlier lines no longer hold. */
  reset: boolean;
}

export class FileTailer {
  private offset = 0;
  /** Bytes after the last newline read so far: the start of a line still being written. */
  private partial: Buffer = Buffer.alloc(0);
  private ino: number | bigint | undefined;

  constructor(readonly file: string) {}

  /** The byte offset up to which complete lines have been handed out. */
  get consumed(): number { return this.offset - this.partial.length; }

  read(): TailRead {
    let fd: number;
    try { fd = openSync(this.file, 'r'); } catch { return { lines: [], reset: false }; }
    try {
      const st = fstatSync(fd);
      let reset = false;
      if ((this.ino !== undefined && st.ino !== this.ino) || st.size < this.offset) {
        // Replaced or truncated: what was read belongs to another history.
        reset = this.ino !== undefined || this.offset > 0;
        this.offset = 0;
        this.partial = Buffer.alloc(0);
      }
      this.ino = st.ino;
      if (st.size === this.offset) return { lines: [], reset };
      const buf = Buffer.alloc(st.size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      const bytes = Buffer.concat([this.partial, buf.subarray(0, n)]);
      const last = bytes.lastIndexOf(0x0a);
      this.partial = Buffer.from(bytes.subarray(last + 1));
      const lines = last < 0 ? [] : splitLines(bytes.subarray(0, last));
      return { lines, reset };
    } finally {
      closeSync(fd);
    }
  }
}

function splitLines(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const raw of bytes.toString('utf8').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim()) out.push(line);
  }
  return out;
}

/**
 * The complete lines among the first `bytes` bytes of `file`: the history a tailer has handed out so far
 * (`consumed`), for a view that starts from it and then takes the tailer's later lines, none twice.
 */
export function readLinesUpTo(file: string, bytes: number): string[] {
  if (bytes <= 0) return [];
  let fd: number;
  try { fd = openSync(file, 'r'); } catch { return []; }
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    const last = buf.subarray(0, n).lastIndexOf(0x0a);
    return last < 0 ? [] : splitLines(buf.subarray(0, last));
  } finally {
    closeSync(fd);
  }
}
