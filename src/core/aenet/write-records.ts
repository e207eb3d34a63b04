/**
 * Writer of Fortran unformatted sequential files, the inverse of fortran-records.ts: every record is
 * its payload framed by its byte length before and after, as gfortran writes them (4-byte
 * little-endian markers, the default of gfortran and ifort on x86). CHARACTER fields are written at
 * their declared length, blank-padded, because Fortran's `read(u) character_var` takes exactly that
 * many bytes.
 */
export class FortranRecordWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** One record holding `payload`. */
  record(payload: Uint8Array): void {
    const framed = new Uint8Array(payload.byteLength + 8);
    const v = new DataView(framed.buffer);
    v.setInt32(0, payload.byteLength, true);
    framed.set(payload, 4);
    v.setInt32(4 + payload.byteLength, payload.byteLength, true);
    this.chunks.push(framed);
    this.length += framed.byteLength;
  }

  int32(x: number): void {
    this.int32Array([x]);
  }

  float64(x: number): void {
    this.float64Array([x]);
  }

  /** A gfortran default LOGICAL: 4 bytes, 1 for true. */
  logical(x: boolean): void {
    this.int32Array([x ? 1 : 0]);
  }

  int32Array(xs: ArrayLike<number>): void {
    const b = new Uint8Array(4 * xs.length);
    const v = new DataView(b.buffer);
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isInteger(xs[i]) || xs[i] < -0x8000_0000 || xs[i] > 0x7fff_ffff) throw new RangeError(`${xs[i]} is not a 32-bit integer`);
      v.setInt32(4 * i, xs[i], true);
    }
    this.record(b);
  }

  float64Array(xs: ArrayLike<number>): void {
    const b = new Uint8Array(8 * xs.length);
    const v = new DataView(b.buffer);
    for (let i = 0; i < xs.length; i++) v.setFloat64(8 * i, xs[i], true);
    this.record(b);
  }

  /** A CHARACTER(len) scalar, blank-padded to `len`. */
  string(s: string, len: number): void {
    this.stringArray([s], len);
  }

  /** An array of CHARACTER(len) values in one record (aenet's species lists). */
  stringArray(ss: readonly string[], len: number): void {
    const b = new Uint8Array(len * ss.length).fill(0x20);
    ss.forEach((s, i) => {
      if (s.length > len) throw new RangeError(`"${s}" is longer than ${len} characters`);
      for (let c = 0; c < s.length; c++) {
        const code = s.charCodeAt(c);
        if (code > 0x7e || code < 0x20) throw new RangeError(`"${s}" holds a character outside printable ASCII`);
        b[i * len + c] = code;
      }
    });
    this.record(b);
  }

  /** Everything written so far, as one byte array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.byteLength;
    }
    return out;
  }
}
