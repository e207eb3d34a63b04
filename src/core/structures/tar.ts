/**
 * A small reader for tar archives (POSIX ustar, with GNU long names and pax extended headers), enough
 * to take the regular files out of an uncompressed tar held in memory. Links, directories and device
 * entries are skipped. Damage is reported as a located error naming the archive and the member.
 */
import { LocatedError } from '../errors';

export interface TarEntry {
  /** Path inside the archive, without a leading './'. */
  name: string;
  data: Buffer;
}

const BLOCK = 512;

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end >= 0 && end < start + length ? end : start + length);
}

/** Octal (or GNU base-256) numeric header field; NaN when unreadable. */
function numericField(buf: Buffer, start: number, length: number): number {
  if (buf[start] & 0x80) {
    let v = 0;
    for (let k = start + 1; k < start + length; k++) v = v * 256 + buf[k];
    return v;
  }
  const text = buf.toString('latin1', start, start + length).replace(/[\0 ]+$/g, '').replace(/^[\0 ]+/, '');
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : text === '' ? 0 : NaN;
}

function checksumOk(buf: Buffer, at: number): boolean {
  const stored = numericField(buf, at + 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let k = 0; k < BLOCK; k++) {
    const b = k >= 148 && k < 156 ? 0x20 : buf[at + k];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function isZeroBlock(buf: Buffer, at: number): boolean {
  for (let k = at; k < at + BLOCK; k++) if (buf[k] !== 0) return false;
  return true;
}

/** pax records `LEN key=value\n`; only path and size matter here. */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    if (sp < 0) break;
    const len = Number(data.toString('latin1', p, sp));
    if (!Number.isInteger(len) || len <= 0 || p + len > data.length) break;
    const rec = data.toString('utf8', sp + 1, p + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    p += len;
  }
  return out;
}

export function readTar(buf: Buffer, file: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  let pax: Record<string, string> = {};
  for (;;) {
    if (offset + BLOCK > buf.length) {
      throw new LocatedError(`truncated tar archive: it ends at byte ${buf.length} without the end-of-archive marker`,
        { file, field: entries.length ? `after ${entries[entries.length - 1].name}` : 'tar header' }, 'a complete tar archive');
    }
    if (isZeroBlock(buf, offset)) break;
    if (!checksumOk(buf, offset)) {
      throw new LocatedError(`corrupt tar header at byte ${offset} (checksum mismatch)`, { file, field: 'tar header' },
        'a valid tar archive');
    }
    const type = String.fromCharCode(buf[offset + 156] || 0x30);
    let name = cString(buf, offset, 100);
    // POSIX ustar ('ustar\0') splits long paths into prefix + name; old GNU headers ('ustar ') keep
    // other data in those bytes and carry long names in 'L' entries instead.
    if (buf.toString('latin1', offset + 257, offset + 262) === 'ustar' && buf[offset + 262] === 0) {
      const prefix = cString(buf, offset + 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    let size = numericField(buf, offset + 124, 12);
    if (pax.size !== undefined && /^\d+$/.test(pax.size)) size = Number(pax.size);
    if (!Number.isFinite(size)) {
      throw new LocatedError(`corrupt tar header at byte ${offset} (bad size field)`, { file, field: name || 'tar header' }, 'an octal size');
    }
    const start = offset + BLOCK;
    const end = start + size;
    if (end > buf.length) {
      throw new LocatedError(`truncated tar archive: member '${name}' declares ${size} bytes, ${Math.max(0, buf.length - start)} present`,
        { file, field: name }, 'a complete tar archive');
    }
    const data = buf.subarray(start, end);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') { longName = cString(data, 0, data.length); continue; }
    if (type === 'x') { pax = parsePax(data); continue; }
    if (type === 'K' || type === 'g') continue;
    const fullName = (longName ?? pax.path ?? name).replace(/^(\.\/)+/, '');
    longName = null;
    pax = {};
    if (type === '0' || type === '7') entries.push({ name: fullName, data });
  }
  return entries;
}
