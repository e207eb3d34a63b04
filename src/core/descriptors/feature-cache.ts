/**
 * The binary feature cache `mlip-uq featurize` writes (default `features.bin`), so training can skip
 * featurization. Little-endian throughout; every float64 array starts on an 8-byte boundary.
 *
 *   file    = header record*
 *   header  = "MLUQFEAT" (8 bytes) | u32 version (1) | u32 L | L bytes UTF-8 JSON | zero padding to 8
 *             JSON: { "setups": ChebyshevSetup[], "derivatives": boolean }
 *   record  = u32 L | L bytes UTF-8 JSON | zero padding to 8 | float64 arrays, in this order:
 *             positions (3n, Å) | dims (n) | values (Σ dims)
 *             and with derivatives: pairStart (n+1) | pairAtom (P) | blockStart (P+1) | jacobian (blockStart[P])
 *             JSON: { "name", "energy" (eV or null), "species": string[], "n", "nValues", "nPairs", "nJacobian" }
 *             Integer arrays are stored as float64 (exact below 2^53) so the body is one float64 stream.
 * Records follow one another until the end of the file; a reader needs no index.
 */
import type { ChebyshevSetup, StructureDescriptors } from './types';

export const CACHE_MAGIC = 'MLUQFEAT';
export const CACHE_VERSION = 1;

export interface CacheRecord {
  name: string;
  energy: number | null;
  species: string[];
  positions: Float64Array;
  descriptors: StructureDescriptors;
}

export interface FeatureCache {
  setups: ChebyshevSetup[];
  derivatives: boolean;
  records: CacheRecord[];
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

function jsonBlock(obj: unknown, prefix: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(obj));
  const head = prefix.length + 4;
  const out = new Uint8Array(head + json.length + pad8(head + json.length));
  out.set(prefix, 0);
  new DataView(out.buffer).setUint32(prefix.length, json.length, true);
  out.set(json, head);
  return out;
}

export function encodeCacheHeader(setups: ChebyshevSetup[], derivatives: boolean): Uint8Array {
  const prefix = new Uint8Array(12);
  prefix.set(new TextEncoder().encode(CACHE_MAGIC), 0);
  new DataView(prefix.buffer).setUint32(8, CACHE_VERSION, true);
  return jsonBlock({ setups, derivatives }, prefix);
}

const asBytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** One record as chunks to write one after another (large arrays are not copied). */
export function encodeCacheRecord(r: { name: string; energy: number | null; species: readonly string[]; positions: Float64Array }, d: StructureDescriptors, derivatives: boolean): Uint8Array[] {
  const J = d.jacobian;
  if (derivatives && !J) throw new Error(`${r.name}: descriptors have no Jacobian`);
  const nPairs = derivatives ? J!.pairAtom.length : 0;
  const meta = { name: r.name, energy: r.energy, species: r.species, n: d.n, nValues: d.values.length, nPairs, nJacobian: derivatives ? J!.values.length : 0 };
  const chunks = [jsonBlock(meta, new Uint8Array(0)), asBytes(r.positions), asBytes(Float64Array.from(d.dims)), asBytes(d.values)];
  if (derivatives) {
    chunks.push(asBytes(Float64Array.from(J!.pairStart)), asBytes(Float64Array.from(J!.pairAtom)), asBytes(Float64Array.from(J!.blockStart)), asBytes(J!.values instanceof Float64Array ? J!.values : Float64Array.from(J!.values)));
  }
  return chunks;
}

/** Reads a whole cache back (for files that fit in memory). */
export function decodeCache(bytes: Uint8Array, file = '<cache>'): FeatureCache {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  if (bytes.length < 12 || text.decode(bytes.subarray(0, 8)) !== CACHE_MAGIC) throw new Error(`${file}: not a feature cache (no ${CACHE_MAGIC} header)`);
  const version = view.getUint32(8, true);
  if (version !== CACHE_VERSION) throw new Error(`${file}: feature cache version ${version}, expected ${CACHE_VERSION}`);
  let pos = 12;
  const readJson = () => {
    const len = view.getUint32(pos, true);
    const start = pos + 4;
    if (start + len > bytes.length) throw new Error(`${file}: truncated at byte ${pos}`);
    const obj = JSON.parse(text.decode(bytes.subarray(start, start + len)));
    pos = start + len + pad8(start + len);
    return obj;
  };
  const readF64 = (count: number): Float64Array => {
    const end = pos + 8 * count;
    if (end > bytes.length) throw new Error(`${file}: truncated at byte ${pos}`);
    // Copy: the file buffer's byte offset need not be 8-aligned.
    const out = new Float64Array(count);
    new Uint8Array(out.buffer).set(bytes.subarray(pos, end));
    pos = end;
    return out;
  };
  const header = readJson() as { setups: ChebyshevSetup[]; derivatives: boolean };
  const records: CacheRecord[] = [];
  while (pos < bytes.length) {
    const m = readJson() as { name: string; energy: number | null; species: string[]; n: number; nValues: number; nPairs: number; nJacobian: number };
    const positions = readF64(3 * m.n);
    const dims = Int32Array.from(readF64(m.n));
    const offsets = new Int32Array(m.n + 1);
    for (let i = 0; i < m.n; i++) offsets[i + 1] = offsets[i] + dims[i];
    const descriptors: StructureDescriptors = { n: m.n, dims, offsets, values: readF64(m.nValues) };
    if (header.derivatives) {
      const pairStart = Int32Array.from(readF64(m.n + 1));
      const pairAtom = Int32Array.from(readF64(m.nPairs));
      const blockStart = Int32Array.from(readF64(m.nPairs + 1));
      descriptors.jacobian = { pairStart, pairAtom, blockStart, values: readF64(m.nJacobian) };
    }
    records.push({ name: m.name, energy: m.energy, species: m.species, positions, descriptors });
  }
  return { setups: header.setups, derivatives: header.derivatives, records };
}
