/**
 * The report's compact encoding for large float arrays (schema `numberArray`): little-endian IEEE-754
 * values in base64 with their count. float32 halves the size and keeps ~7 significant digits, plenty
 * for force components and their σ.
 */
import { LocatedError } from '../errors';
import type { EncodedNumbers, NumberArray } from '../../protocol/report';

export function encodeNumbers(values: ArrayLike<number>, precision: 'float32' | 'float64' = 'float32'): EncodedNumbers {
  const arr = precision === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  // Typed arrays are little-endian on every platform Node runs on; DataView would make it explicit
  // at a large cost for million-element arrays.
  const data = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).toString('base64');
  return { encoding: precision === 'float32' ? 'base64-float32-le' : 'base64-float64-le', length: arr.length, data };
}

/** Plain numbers as they are; encoded ones decoded, with a located error if the byte count is wrong. */
export function decodeNumbers(a: NumberArray, field = 'numbers'): Float64Array {
  if (Array.isArray(a)) return Float64Array.from(a);
  const bytes = Buffer.from(a.data, 'base64');
  const width = a.encoding === 'base64-float32-le' ? 4 : 8;
  if (bytes.length !== a.length * width) {
    throw new LocatedError(`${a.encoding} data holds ${bytes.length} bytes, not ${a.length} values`, { field }, `${a.length * width} bytes`);
  }
  const copy = new Uint8Array(bytes); // aligned copy
  const view = width === 4 ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
  return Float64Array.from(view);
}

/** Encode when the array is long, keep it readable JSON when it is short. */
export function compactNumbers(values: ArrayLike<number>, encodeAbove: number): NumberArray {
  return values.length > encodeAbove ? encodeNumbers(values, 'float32') : Array.from(values);
}
