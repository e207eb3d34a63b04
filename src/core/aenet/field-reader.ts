/**
 * The fields of an aenet potential file, read in order, whatever the encoding: the binary `.nn`
 * (Fortran unformatted records) and the `.nn.ascii` text form (aenet's *_ASCII routines and
 * aenet-PyTorch's output) hold the same fields in the same order.
 */
import type { LocatedError } from '../errors';
import type { FortranRecordReader } from './fortran-records';

export interface AenetFieldReader {
  int(field: string): number;
  real(field: string): number;
  logical(field: string): boolean;
  ints(field: string, n: number): Int32Array;
  reals(field: string, n: number): Float64Array;
  /** A CHARACTER field, trailing blanks removed. */
  text(field: string): string;
  /** `n` short CHARACTER values (species names). */
  words(field: string, n: number): string[];
  /** A located error about the field just read. */
  invalid(message: string, field: string, expected: string): LocatedError;
}

/** The binary form: one Fortran record per field. */
export class BinaryFieldReader implements AenetFieldReader {
  constructor(private readonly r: FortranRecordReader) {}
  int(field: string): number { return this.r.int32(field); }
  real(field: string): number { return this.r.float64(field); }
  logical(field: string): boolean { return this.r.logical(field); }
  ints(field: string, n: number): Int32Array { return this.r.int32Array(field, n); }
  reals(field: string, n: number): Float64Array { return this.r.float64Array(field, n); }
  text(field: string): string { return this.r.string(field); }
  words(field: string, n: number): string[] { return this.r.stringArray(field, n); }
  invalid(message: string, field: string, expected: string): LocatedError { return this.r.invalid(message, field, expected); }
}
