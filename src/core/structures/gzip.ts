import { gunzipSync } from 'node:zlib';
import { LocatedError } from '../errors';

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
    return gunzipSync(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const truncated = /unexpected end/i.test(why);
    throw new LocatedError(truncated ? 'truncated gzip file (unexpected end of data)' : `corrupt gzip file (${why})`,
      { file }, 'a complete gzip stream');
  }
}
