import { gunzipSync } from 'node:zlib';
import { LocatedError } from '../errors';
import { STRUCTURE_LIMITS } from './limits';

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses a gzip file; a truncated or corrupt stream becomes a located error, not a crash. */
export function gunzipLocated(bytes: Uint8Array, file: string): Buffer {
  if (!isGzip(bytes)) {
    throw new LocatedError('not a gzip file', { file }, 'gzip data (starting with bytes 1f 8b)');
  }
  try {
    // The trailer's ISIZE (size mod 2^32) lets zlib write one buffer instead of joining 16 KiB chunks.
    const isize = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0;
    // Capped so that a damaged trailer cannot make it allocate more than plausible text needs.
    const chunkSize = Math.max(64 * 1024, Math.min(isize + 1, 64 * bytes.length, 256 * 1024 * 1024));
    return gunzipSync(bytes, { chunkSize, maxOutputLength: STRUCTURE_LIMITS.maxDecompressedBytes });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new LocatedError(`gzip data expands past ${STRUCTURE_LIMITS.maxDecompressedBytes} bytes`, { file }, 'a structure file of plausible size (a gzip bomb?)');
    }
    const truncated = /unexpected end/i.test(why);
    throw new LocatedError(truncated ? 'truncated gzip file (unexpected end of data)' : `corrupt gzip file (${why})`,
      { file }, 'a complete gzip stream');
  }
}
