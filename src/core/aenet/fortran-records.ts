/**
 * Reader of Fortran unformatted sequential files: every record is framed by its byte length before
 * and after the payload. gfortran and ifort write 4-byte little-endian markers; some old compilers and
 * `-frecord-marker=8` builds write 8-byte ones, and `-fconvert=big-endian` flips the byte order, so
 * marker size and byte order are detected on the first record.
 * Every read names the field it expects, so a bad or truncated file is reported with the byte offset,
 * the record number and what should have been there.
 */
import { LocatedError } from '../errors';

export type MarkerSize = 4 | 8;

export class FortranRecordReader {
  readonly file: string;
  readonly markerSize: MarkerSize;
  readonly littleEndian: boolean;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;
  /** 1-based number of the next record. */
  private recordNo = 1;
  /** Byte offset of the record read last (for errors about its value). */
  private lastStart = 0;

  constructor(bytes: Uint8Array, file: string) {
    this.bytes = bytes;
    this.file = file;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const framing = detectFraming(this.view, file);
    this.markerSize = framing.markerSize;
    this.littleEndian = framing.littleEndian;
  }

  /** Byte offset of the next record's leading marker. */
  get position(): number { return this.offset; }
  get nextRecord(): number { return this.recordNo; }
  get atEnd(): boolean { return this.offset >= this.bytes.byteLength; }

  /**
   * The next record's payload; `field` names what it should hold and `expectedBytes` (when known)
   * its exact length.
   */
  record(field: string, expectedBytes?: number): DataView {
    const start = this.offset;
    const m = this.markerSize;
    const total = this.bytes.byteLength;
    if (start + m > total) {
      throw this.error(`file ends before record ${this.recordNo} at byte offset ${start}`, field,
        `a ${m}-byte record length marker (${total - start} bytes left)`);
    }
    const len = readMarker(this.view, start, m, this.littleEndian);
    if (len < 0) {
      throw this.error(`invalid record length ${len} in record ${this.recordNo} at byte offset ${start}`, field,
        'a non-negative record length (split records are not supported)');
    }
    if (start + m + len + m > total) {
      throw this.error(
        `record ${this.recordNo} at byte offset ${start} is truncated: it declares ${len} bytes but only ${Math.max(0, total - start - 2 * m)} follow`,
        field, `${len} payload bytes and a closing length marker`);
    }
    const tail = readMarker(this.view, start + m + len, m, this.littleEndian);
    if (tail !== len) {
      throw this.error(
        `record ${this.recordNo} at byte offset ${start}: closing length marker ${tail} differs from the opening one ${len}`,
        field, 'matching record length markers');
    }
    if (expectedBytes !== undefined && len !== expectedBytes) {
      throw this.error(`record ${this.recordNo} at byte offset ${start} holds ${len} bytes`, field, `${expectedBytes} bytes`);
    }
    this.lastStart = start;
    this.offset = start + m + len + m;
    this.recordNo++;
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + start + m, len);
  }

  int32(field: string): number {
    return this.record(field, 4).getInt32(0, this.littleEndian);
  }

  float64(field: string): number {
    return this.record(field, 8).getFloat64(0, this.littleEndian);
  }

  /** A gfortran default LOGICAL (4 bytes, nonzero is true). */
  logical(field: string): boolean {
    return this.record(field, 4).getInt32(0, this.littleEndian) !== 0;
  }

  int32Array(field: string, n: number): Int32Array {
    const v = this.record(field, 4 * n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = v.getInt32(4 * i, this.littleEndian);
    return out;
  }

  float64Array(field: string, n: number): Float64Array {
    const v = this.record(field, 8 * n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = v.getFloat64(8 * i, this.littleEndian);
    return out;
  }

  /** A CHARACTER(len) scalar; Fortran pads with blanks, which are trimmed. */
  string(field: string, len?: number): string {
    return decodeText(this.record(field, len)).trimEnd();
  }

  /**
   * An array of `n` CHARACTER values written in one record; the length of each (aenet's TYPELEN) is
   * taken from the record size, so builds with another TYPELEN read too.
   */
  stringArray(field: string, n: number): string[] {
    const v = this.record(field);
    if (n <= 0 || v.byteLength % n !== 0) {
      throw this.invalid(`${v.byteLength} bytes cannot hold ${n} equal-length strings`, field, `a multiple of ${n} bytes`);
    }
    const len = v.byteLength / n;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(decodeText(new DataView(v.buffer, v.byteOffset + i * len, len)).trim());
    return out;
  }

  /** A located error about the record just read (for checks on values, not framing). */
  invalid(message: string, field: string, expected: string): LocatedError {
    return this.error(`record ${this.recordNo - 1} at byte offset ${this.lastStart}: ${message}`, field, expected);
  }

  private error(message: string, field: string, expected: string): LocatedError {
    return new LocatedError(message, { file: this.file, field }, expected);
  }
}

function detectFraming(view: DataView, file: string): { markerSize: MarkerSize; littleEndian: boolean } {
  const total = view.byteLength;
  if (total === 0) {
    throw new LocatedError('empty file', { file, field: 'record 1' }, 'a Fortran unformatted sequential file');
  }
  for (const littleEndian of [true, false]) {
    for (const m of [4, 8] as const) {
      if (total < 2 * m) continue;
      const len = readMarker(view, 0, m, littleEndian);
      if (len >= 0 && 2 * m + len <= total && readMarker(view, m + len, m, littleEndian) === len) return { markerSize: m, littleEndian };
    }
  }
  // No framing fits the first record: report the 4-byte little-endian reading, the common case.
  const declared = total >= 4 ? view.getInt32(0, true) : -1;
  throw new LocatedError(
    `byte offset 0, record 1: not a Fortran unformatted sequential record (leading marker ${declared}, file size ${total})`,
    { file, field: 'record 1' },
    'a 4- or 8-byte record length before and after the first record');
}

function readMarker(view: DataView, offset: number, m: MarkerSize, le: boolean): number {
  if (m === 4) return view.getInt32(offset, le);
  const lo = view.getUint32(offset + (le ? 0 : 4), le);
  const hi = view.getInt32(offset + (le ? 4 : 0), le);
  return hi * 0x1_0000_0000 + lo;
}

function decodeText(v: DataView): string {
  let s = '';
  for (let i = 0; i < v.byteLength; i++) {
    const c = v.getUint8(i);
    // NUL is what some writers leave in unused CHARACTER space; treat it like blank padding.
    s += c === 0 ? ' ' : String.fromCharCode(c);
  }
  return s;
}
