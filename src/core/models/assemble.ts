/**
 * From per-element atomic energies and descriptor gradients to structure energies [S, B] and forces
 * [S, F, 3] (normalised units): energies by the one-hot atom → structure product, forces by
 * F_k = −Σ_{pairs (i,k)} (∂G̃_i/∂R_k)ᵀ · ∂E/∂G̃_i. Heteroscedastic members also give the variance of the
 * per-atom energy Ê/N: v = Σ_i softplus(s_i)/N² + 1e-6 (independent atomic contributions to a sum of N
 * terms, then divided by N because the target is Ê/N; the floor keeps log v and e²/v finite).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { ElementOutput } from './mlp';
import { scatterAddRows } from './segment-ops';

export interface PotentialOutput {
  energy: tf.Tensor2D;
  forces: tf.Tensor3D | null;
  /** Heteroscedastic members: variance v [S, B] of the normalised per-atom energy Ê/N; absent otherwise. */
  variance?: tf.Tensor2D;
}

export const VARIANCE_FLOOR = 1e-6;

export function assemble(batch: Batch, outputs: (ElementOutput | null)[], forces: boolean): PotentialOutput {
  let energy: tf.Tensor | null = null;
  let f: tf.Tensor | null = null;
  let atomVariances: tf.Tensor | null = null;
  batch.elements.forEach((rows, e) => {
    const out = outputs[e];
    if (!rows || !out) return;
    const part = tf.matMul(out.atomEnergy, rows.toStructure);
    energy = energy ? tf.add(energy, part) : part;
    if (out.varianceLogit) {
      const v = tf.matMul(tf.softplus(out.varianceLogit), rows.toStructure);
      atomVariances = atomVariances ? tf.add(atomVariances, v) : v;
    }
    if (!forces || !rows.neighbours || !out.dEdG) return;
    const nb = rows.neighbours;
    const [s, , d] = out.dEdG.shape;
    // Force rows are the first nb.rows rows: [S, A, D] → [rows, D, S].
    const first = tf.slice(out.dEdG, [0, 0, 0], [s, nb.rows, d]);
    const g = s === 1 ? tf.reshape(first, [nb.rows, d, 1]) : tf.transpose(first, [1, 2, 0]);
    const contrib = pairProducts(g as tf.Tensor3D, nb.block, nb.blockT); // [rows, 3K, S]: (slot, component) rows
    const summed = scatterAddRows(tf.reshape(contrib, [nb.rows * nb.slots, 3 * s]), nb.atom, batch.forceAtoms);
    f = f ? tf.add(f, summed) : summed;
  });
  if (!energy) throw new Error('batch has no atoms');
  let forcesOut: tf.Tensor3D | null = null;
  if (forces && batch.forceAtoms > 0) {
    const s = (energy as tf.Tensor).shape[0];
    const sum: tf.Tensor = f ?? tf.zeros([batch.forceAtoms, 3 * s]);
    forcesOut = tf.transpose(tf.reshape(tf.neg(sum), [batch.forceAtoms, 3, s]), [2, 0, 1]) as tf.Tensor3D;
  }
  const result: PotentialOutput = { energy: energy as tf.Tensor2D, forces: forcesOut };
  if (atomVariances) result.variance = tf.add(tf.mul(atomVariances, tf.square(batch.invAtoms)), VARIANCE_FLOOR) as tf.Tensor2D;
  return result;
}

/**
 * block [R, 3K, D] · g [R, D, S] per row, with its gradient g' = blockT · dy: both are matrix × thin-matrix
 * products over contiguous rows, the fastest form of wasm's batched matMul (a [S, D]·[D, 3K] form is ~2.5×
 * slower), and neither has a transposed operand.
 */
function pairProducts(g: tf.Tensor3D, block: tf.Tensor3D, blockT: tf.Tensor3D): tf.Tensor3D {
  const f = tf.customGrad(((gIn: tf.Tensor3D) => ({
    value: tf.matMul(block, gIn),
    gradFunc: (dy: tf.Tensor3D) => [tf.matMul(blockT, dy)],
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(g) as tf.Tensor3D;
}
