/**
 * Turns a list of samples into the tensors one optimisation step needs. Per element: the standardised
 * descriptor rows [A_e, D_e] and a one-hot map atom → structure [A_e, B] (a matMul does the segment sum,
 * which every backend has, with a plain matMul gradient). For force structures, per element the sparse
 * Jacobian as (pair row, pair atom, block [P, 3, D_e]) with the standardisation scale folded into the
 * block, so F̂_k = −Σ_pairs(i,k) block · ∂Ê/∂G̃_i.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Standardisation } from '../descriptors/types';
import type { TrainingSample } from './samples';

/** The first layer's constant input: descriptor rows, their squares (LRT), and transposes. */
export interface SharedInput {
  x: tf.Tensor2D;
  xT: tf.Tensor2D;
  x2: tf.Tensor2D;
  x2T: tf.Tensor2D;
  /** Gradients must flow to x too (derivative checks); training leaves it unset: x is data. */
  differentiable?: boolean;
}

export interface ElementRows extends SharedInput {
  toStructure: tf.Tensor2D;
  /** Its transpose [B, A], so neither direction needs a transposed product. */
  fromStructure: tf.Tensor2D;
  pairs: { row: tf.Tensor1D; atom: tf.Tensor1D; block: tf.Tensor3D } | null;
  /**
   * The same pairs padded to K per row, for the first `rows` rows (the force structures' atoms): slot j of
   * row r is a pair (r, atom[r·K + j]), padding has zero blocks. Kept in both layouts, blockT [rows, D, 3K]
   * and block [rows, 3K, D], so the product and its gradient are batched products without gathers or
   * transposed operands.
   */
  neighbours: { rows: number; slots: number; atom: tf.Tensor1D; blockT: tf.Tensor3D; block: tf.Tensor3D } | null;
}

export interface Batch {
  size: number;
  names: string[];
  nAtoms: Int32Array;
  /** One entry per run element; null when the batch has no atom of that element. */
  elements: (ElementRows | null)[];
  /** Normalised energies Ê [B]. */
  energy: tf.Tensor1D;
  /** 1/N per structure [B]. */
  invAtoms: tf.Tensor1D;
  /** Atoms whose forces are computed (force structures, in batch order). */
  forceAtoms: number;
  /** Batch positions of the force structures and where their atoms start in the force rows. */
  forceStructures: number[];
  forceStart: number[];
  /** Normalised target forces [F, 3], when every force structure has targets. */
  forceTarget: tf.Tensor2D | null;
}

export interface BatchOptions {
  /** Build the Jacobian pairs for structures that carry one (forces predicted or trained). */
  forces: boolean;
  /** Only structures with force targets get pairs (training); otherwise any with a Jacobian (prediction). */
  requireForceTargets: boolean;
}

export function buildBatch(samples: readonly TrainingSample[], std: readonly Standardisation[], opts: BatchOptions): Batch {
  const nEl = std.length;
  const B = samples.length;
  const rowsPerEl = new Array<number>(nEl).fill(0);
  for (const s of samples) for (let i = 0; i < s.nAtoms; i++) rowsPerEl[s.element[i]]++;
  const dims = std.map((s) => s.mean.length);
  const x = dims.map((d, e) => new Float32Array(rowsPerEl[e] * d));
  const oneHot = rowsPerEl.map((r) => new Float32Array(r * B));
  const fill = new Array<number>(nEl).fill(0);
  const isForce = samples.map((s) => opts.forces && !!s.descriptors.jacobian && (!opts.requireForceTargets || s.forces !== null));
  const forceStructures: number[] = [];
  const forceStart: number[] = [];
  let forceAtoms = 0;
  samples.forEach((s, b) => { if (isForce[b]) { forceStructures.push(b); forceStart.push(forceAtoms); forceAtoms += s.nAtoms; } });
  // Pair lists are grown per element, then packed.
  const pairRow: number[][] = dims.map(() => []);
  const pairAtom: number[][] = dims.map(() => []);
  const blocks: Float32Array[][] = dims.map(() => []);
  const forceTarget = forceAtoms > 0 && opts.requireForceTargets ? new Float32Array(forceAtoms * 3) : null;
  let fi = 0;
  // Force structures' atoms take the first rows of every element, so the force pass reads a prefix of rows.
  const order = [...samples.keys()].sort((a, b) => Number(isForce[b]) - Number(isForce[a]) || a - b);
  const forceRows = new Array<number>(nEl).fill(0);
  order.forEach((b) => {
    const s = samples[b];
    const d = s.descriptors;
    const firstRow = new Int32Array(s.nAtoms);
    for (let i = 0; i < s.nAtoms; i++) {
      const e = s.element[i];
      const { mean, scale } = std[e];
      const D = dims[e];
      const r = fill[e]++;
      firstRow[i] = r;
      const off = d.offsets[i];
      const xe = x[e];
      for (let k = 0; k < D; k++) xe[r * D + k] = (d.values[off + k] - mean[k]) * scale[k];
      oneHot[e][r * B + b] = 1;
    }
    if (!isForce[b]) return;
    for (let i = 0; i < s.nAtoms; i++) forceRows[s.element[i]]++;
    const start = forceStart[fi];
    if (forceTarget && s.forces) forceTarget.set(s.forces, start * 3);
    fi++;
    const J = d.jacobian!;
    for (let i = 0; i < s.nAtoms; i++) {
      const e = s.element[i];
      const D = dims[e];
      const scale = std[e].scale;
      for (let p = J.pairStart[i]; p < J.pairStart[i + 1]; p++) {
        pairRow[e].push(firstRow[i]);
        pairAtom[e].push(start + J.pairAtom[p]);
        const blk = new Float32Array(3 * D);
        const o = J.blockStart[p];
        for (let c = 0; c < 3; c++) for (let k = 0; k < D; k++) blk[c * D + k] = J.values[o + c * D + k] * scale[k];
        blocks[e].push(blk);
      }
    }
  });
  const elements = dims.map((D, e): ElementRows | null => {
    if (rowsPerEl[e] === 0) return null;
    let pairs: ElementRows['pairs'] = null;
    const P = pairRow[e].length;
    if (P > 0) {
      const packed = new Float32Array(P * 3 * D);
      blocks[e].forEach((blk, p) => packed.set(blk, p * 3 * D));
      pairs = {
        row: tf.tensor1d(Int32Array.from(pairRow[e]), 'int32'),
        atom: tf.tensor1d(Int32Array.from(pairAtom[e]), 'int32'),
        block: tf.tensor3d(packed, [P, 3, D]),
      };
    }
    const neighbours = P > 0 ? paddedNeighbours(pairRow[e], pairAtom[e], blocks[e], forceRows[e], D) : null;
    const A = rowsPerEl[e];
    // The transposes and squares of the constant rows, made once here rather than in every step.
    const xT = new Float32Array(A * D);
    const x2 = new Float32Array(A * D);
    const x2T = new Float32Array(A * D);
    for (let r = 0; r < A; r++) {
      for (let k = 0; k < D; k++) {
        const v = x[e][r * D + k];
        xT[k * A + r] = v;
        x2[r * D + k] = v * v;
        x2T[k * A + r] = v * v;
      }
    }
    return {
      x: tf.tensor2d(x[e], [A, D]), xT: tf.tensor2d(xT, [D, A]), x2: tf.tensor2d(x2, [A, D]), x2T: tf.tensor2d(x2T, [D, A]),
      toStructure: tf.tensor2d(oneHot[e], [A, B]), fromStructure: tf.tensor2d(transposed(oneHot[e], A, B), [B, A]), pairs, neighbours,
    };
  });
  const nAtoms = Int32Array.from(samples.map((s) => s.nAtoms));
  return {
    size: B,
    names: samples.map((s) => s.name),
    nAtoms,
    elements,
    energy: tf.tensor1d(Float32Array.from(samples.map((s) => s.energy))),
    invAtoms: tf.tensor1d(Float32Array.from(samples.map((s) => 1 / s.nAtoms))),
    forceAtoms,
    forceStructures,
    forceStart,
    forceTarget: forceTarget ? tf.tensor2d(forceTarget, [forceAtoms, 3]) : null,
  };
}

export function disposeBatch(b: Batch): void {
  for (const e of b.elements) {
    if (!e) continue;
    e.x.dispose(); e.xT.dispose(); e.x2.dispose(); e.x2T.dispose(); e.toStructure.dispose(); e.fromStructure.dispose();
    if (e.pairs) { e.pairs.row.dispose(); e.pairs.atom.dispose(); e.pairs.block.dispose(); }
    if (e.neighbours) { e.neighbours.atom.dispose(); e.neighbours.blockT.dispose(); e.neighbours.block.dispose(); }
  }
  b.energy.dispose(); b.invAtoms.dispose();
  b.forceTarget?.dispose();
}

/** Pairs grouped by row (rows 0 … rows−1, in order) padded to the most pairs of any row; blocks [3, D] each. */
function paddedNeighbours(row: number[], atom: number[], blocks: Float32Array[], rows: number, D: number): ElementRows['neighbours'] {
  const count = new Int32Array(rows);
  for (const r of row) count[r]++;
  const K = Math.max(1, ...count);
  const idx = new Int32Array(rows * K);
  const blockT = new Float32Array(rows * D * 3 * K);
  const block = new Float32Array(rows * 3 * K * D);
  const slot = new Int32Array(rows);
  row.forEach((r, p) => {
    const j = slot[r]++;
    idx[r * K + j] = atom[p];
    const blk = blocks[p];
    for (let c = 0; c < 3; c++) {
      const col = j * 3 + c;
      for (let k = 0; k < D; k++) {
        blockT[(r * D + k) * 3 * K + col] = blk[c * D + k];
        block[(r * 3 * K + col) * D + k] = blk[c * D + k];
      }
    }
  });
  return {
    rows, slots: K, atom: tf.tensor1d(idx, 'int32'),
    blockT: tf.tensor3d(blockT, [rows, D, 3 * K]), block: tf.tensor3d(block, [rows, 3 * K, D]),
  };
}

function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}
