/**
 * Writes a bench's training samples to a binary file the PyTorch references read, so both sides train on
 * identical inputs: standardised descriptors G̃ = (G − mean)·scale, normalised energies Ê and forces F̂,
 * and for force structures the Jacobian of G̃ (∂G̃_i/∂R_k = scale·∂G_i/∂R_k) per (i, k) pair.
 * Layout: `<name>.json` (sizes and, per array, dtype/offset/length) beside `<name>.bin` (little-endian
 * float32/int32 arrays, 4-byte aligned). Atom and pair indices are global over the file; pairs are grouped
 * by structure (pairStart), atoms too (atomStart).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TrainingSample } from '../../../src/core/data/samples';
import type { Standardisation } from '../../../src/core/descriptors/types';

type Arr = Float32Array | Int32Array;

export function exportWorkload(file: string, train: readonly TrainingSample[], std: readonly Standardisation[]): { bytes: number } {
  const dim = std[0].mean.length;
  if (std.some((s) => s.mean.length !== dim)) throw new Error('the references assume one descriptor length for every element');
  const S = train.length;
  const atoms = train.reduce((n, s) => n + s.nAtoms, 0);
  let pairs = 0;
  for (const s of train) if (s.forces) pairs += s.descriptors.jacobian!.pairAtom.length;
  const a = {
    nAtoms: new Int32Array(S), energy: new Float32Array(S), hasForces: new Int32Array(S),
    atomStart: new Int32Array(S + 1), pairStart: new Int32Array(S + 1),
    atomElement: new Int32Array(atoms), x: new Float32Array(atoms * dim), forces: new Float32Array(atoms * 3),
    pairI: new Int32Array(pairs), pairK: new Int32Array(pairs), jacobian: new Float32Array(pairs * 3 * dim),
  };
  let atom = 0, pair = 0;
  train.forEach((s, b) => {
    a.nAtoms[b] = s.nAtoms;
    a.energy[b] = s.energy;
    a.hasForces[b] = s.forces ? 1 : 0;
    a.atomStart[b] = atom;
    a.pairStart[b] = pair;
    const d = s.descriptors;
    for (let i = 0; i < s.nAtoms; i++) {
      const st = std[s.element[i]];
      a.atomElement[atom + i] = s.element[i];
      for (let n = 0; n < dim; n++) a.x[(atom + i) * dim + n] = (d.values[d.offsets[i] + n] - st.mean[n]) * st.scale[n];
    }
    if (s.forces) {
      a.forces.set(s.forces, atom * 3);
      const j = d.jacobian!;
      for (let i = 0; i < s.nAtoms; i++) {
        const scale = std[s.element[i]].scale;
        for (let p = j.pairStart[i]; p < j.pairStart[i + 1]; p++, pair++) {
          a.pairI[pair] = atom + i;
          a.pairK[pair] = atom + j.pairAtom[p];
          for (let c = 0; c < 3; c++) for (let n = 0; n < dim; n++) a.jacobian[(pair * 3 + c) * dim + n] = j.values[j.blockStart[p] + c * dim + n] * scale[n];
        }
      }
    }
    atom += s.nAtoms;
  });
  a.atomStart[S] = atom;
  a.pairStart[S] = pair;
  const header: { structures: number; atoms: number; pairs: number; dim: number; elements: number; arrays: Record<string, { dtype: string; offset: number; length: number }> } = {
    structures: S, atoms, pairs, dim, elements: std.length, arrays: {},
  };
  let offset = 0;
  const parts: Arr[] = [];
  for (const [name, arr] of Object.entries(a) as [string, Arr][]) {
    header.arrays[name] = { dtype: arr instanceof Float32Array ? 'float32' : 'int32', offset, length: arr.length };
    parts.push(arr);
    offset += arr.byteLength;
  }
  mkdirSync(dirname(file), { recursive: true });
  const buf = Buffer.allocUnsafe(offset);
  let o = 0;
  for (const p of parts) { Buffer.from(p.buffer, p.byteOffset, p.byteLength).copy(buf, o); o += p.byteLength; }
  writeFileSync(`${file}.bin`, buf);
  writeFileSync(`${file}.json`, JSON.stringify(header));
  return { bytes: offset };
}
