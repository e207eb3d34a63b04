/**
 * Training and validation structures in kernel memory, shared by the kernel paths: every atom's standardised
 * descriptor row once per element (and, for local reparameterisation, its square), and per batch the row
 * numbers of its atoms per element with the row → structure map. Also the weight packing the dense kernel reads.
 */
import type { Standardisation } from '../descriptors/types';
import type { MlpKernel } from './mlp-kernel';
import type { ParamLayout } from '../models/layout';
import type { TrainingSample } from '../data/samples';

/** A set of structures (train or validation) in kernel memory: rows per element, row → structure. */
export interface RowSet {
  x: number[];
  /** The rows squared (x²), when asked for. */
  x2: number[] | null;
  /** Per batch per element: row-number list address (i32) and row → batch-local structure. */
  batches: { idx: number[]; count: number[]; structure: Int32Array[]; energy: Float64Array; invAtoms: Float64Array; members: number[] }[];
}

/**
 * Float index of weight (group g, input i, lane l) in a dense kernel's weight block of m4 groups over k
 * inputs: whole chunks of 4 groups as [k][4][4] (one input lane feeds 16 outputs), the rest as [k][4].
 */
export function packedAt(g: number, i: number, l: number, k: number, m4: number): number {
  return g < (m4 & ~3) ? ((g >> 2) * 4 * k + i * 4 + (g & 3)) * 4 + l : (g * k + i) * 4 + l;
}

export function uploadRows(
k: MlpKernel, layout: ParamLayout, samples: readonly TrainingSample[], batches: readonly number[][], std: readonly Standardisation[], squares = false,
): RowSet {
  const nEl = layout.elements.length;
  const rows = new Array<number>(nEl).fill(0);
  for (const s of samples) for (let i = 0; i < s.nAtoms; i++) rows[s.element[i]]++;
  const dims = layout.dims;
  const x = rows.map((r, e) => k.alloc(Math.max(1, r) * dims[e]));
  // First row of every sample per element, in sample order.
  const firstRow = samples.map(() => new Int32Array(nEl));
  const fill = new Array<number>(nEl).fill(0);
  samples.forEach((s, si) => {
    const f32 = k.f32;
    firstRow[si].set(fill);
    const d = s.descriptors;
    for (let i = 0; i < s.nAtoms; i++) {
      const e = s.element[i];
      const D = dims[e];
      const { mean, scale } = std[e];
      const base = x[e] / 4 + fill[e]++ * D;
      const off = d.offsets[i];
      for (let c = 0; c < D; c++) f32[base + c] = (d.values[off + c] - mean[c]) * scale[c];
    }
  });
  const out: RowSet = { x, x2: null, batches: [] };
  if (squares) {
    out.x2 = x.map((at, e) => {
      const sq = k.alloc(Math.max(1, rows[e]) * dims[e]);
      const f = k.f32; // after alloc: growing the memory replaces the buffer
      for (let i = 0; i < rows[e] * dims[e]; i++) f[sq / 4 + i] = f[at / 4 + i] ** 2;
      return sq;
    });
  }
  for (const list of batches) {
    const count = new Array<number>(nEl).fill(0);
    for (const si of list) for (let i = 0; i < samples[si].nAtoms; i++) count[samples[si].element[i]]++;
    const idx = count.map((c) => k.alloc(Math.max(1, c)));
    const structure = count.map((c) => new Int32Array(c));
    const at = new Array<number>(nEl).fill(0);
    list.forEach((si, b) => {
      const s = samples[si];
      const next = firstRow[si].slice();
      for (let i = 0; i < s.nAtoms; i++) {
        const e = s.element[i];
        const j = at[e]++;
        k.i32[idx[e] / 4 + j] = next[e]++;
        structure[e][j] = b;
      }
    });
    const energy = Float64Array.from(list, (si) => samples[si].energy);
    const invAtoms = Float64Array.from(list, (si) => 1 / samples[si].nAtoms);
    out.batches.push({ idx, count, structure, energy, invAtoms, members: list });
  }
  return out;
}

/** What a batch needs for forces: the force structures' rows (a prefix per element), targets, Jacobian pairs. */
export interface ForceBatch {
  /** Rows per element that belong to force structures: the first `rows[e]` of the batch's rows. */
  rows: number[];
  /** Force atoms in the batch (force structures' atoms, in batch order). */
  atoms: number;
  /** Normalised target forces F̂ [atoms·3]. */
  target: Float64Array;
  /** Batch position of each force atom's structure. */
  atomStructure: Int32Array;
  /** Per element: (row, atom) pairs as i32, their Jacobian blocks [3][Dp] (standardisation folded in), count. */
  pairs: number[];
  blocks: number[];
  count: number[];
}

/** Force structures first in every batch (stable), so their atoms are a prefix of each element's rows. */
export function forceStructuresFirst(batches: readonly number[][], hasForces: (sample: number) => boolean): number[][] {
  return batches.map((list) => [...list.filter(hasForces), ...list.filter((i) => !hasForces(i))]);
}

/** Descriptor width padded to whole f32x4 vectors. */
export function padded(d: number): number {
  return Math.ceil(d / 4) * 4;
}

/**
 * Force data of every batch, for batches already ordered by forceStructuresFirst and uploaded in that order:
 * F̂_k = −Σ_pairs(i,k) J_ik·∂Ê/∂G̃_i with J the descriptor Jacobian scaled by the standardisation.
 */
export function uploadForces(
  k: MlpKernel, layout: ParamLayout, samples: readonly TrainingSample[], batches: readonly number[][], std: readonly Standardisation[],
  hasForces: (sample: number) => boolean,
): ForceBatch[] {
  const nEl = layout.elements.length;
  const dims = layout.dims;
  return batches.map((list) => {
    // Pairs per element first, so the blocks are allocated once and filled in one pass without staging.
    const count = new Array<number>(nEl).fill(0);
    let atoms = 0;
    for (const si of list) {
      if (!hasForces(si)) continue;
      const s = samples[si], J = s.descriptors.jacobian!;
      for (let i = 0; i < s.nAtoms; i++) count[s.element[i]] += J.pairStart[i + 1] - J.pairStart[i];
      atoms += s.nAtoms;
    }
    const pairs = dims.map((_, e) => k.alloc(Math.max(1, 2 * count[e])));
    const blocks = dims.map((D, e) => k.alloc(Math.max(1, count[e] * 3 * padded(D))));
    const i32 = k.i32, f = k.f32; // after alloc: growing the memory replaces the buffer
    const at = new Array<number>(nEl).fill(0);
    const filled = new Array<number>(nEl).fill(0);
    let rows: number[] = at.slice();
    const target = new Float64Array(atoms * 3);
    const atomStructure = new Int32Array(atoms);
    let start = 0;
    list.forEach((si, b) => {
      const s = samples[si];
      const rowOf = new Int32Array(s.nAtoms);
      for (let i = 0; i < s.nAtoms; i++) rowOf[i] = at[s.element[i]]++;
      if (!hasForces(si)) return;
      rows = at.slice(); // force structures come first: their rows are the prefix counted so far
      const J = s.descriptors.jacobian!, values = J.values;
      // Prediction may have no targets: zeros then (training only uploads structures with targets).
      if (s.forces) for (let i = 0; i < s.nAtoms * 3; i++) target[start * 3 + i] = s.forces[i];
      atomStructure.fill(b, start, start + s.nAtoms);
      for (let i = 0; i < s.nAtoms; i++) {
        const e = s.element[i], D = dims[e], Dp = padded(D), scale = std[e].scale;
        for (let p = J.pairStart[i]; p < J.pairStart[i + 1]; p++) {
          const q = filled[e]++;
          i32[pairs[e] / 4 + 2 * q] = rowOf[i];
          i32[pairs[e] / 4 + 2 * q + 1] = start + J.pairAtom[p];
          const o = J.blockStart[p], dst = blocks[e] / 4 + q * 3 * Dp;
          for (let c = 0; c < 3; c++) for (let d = 0; d < D; d++) f[dst + c * Dp + d] = values[o + c * D + d] * scale[d];
        }
      }
      start += s.nAtoms;
    });
    return { rows, atoms, target, atomStructure, pairs, blocks, count };
  });
}
