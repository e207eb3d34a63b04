/**
 * From per-element atomic energies and descriptor gradients to structure energies [S, B] and forces
 * [S, F, 3] (normalised units): energies by the one-hot atom → structure product, forces by
 * F_k = −Σ_{pairs (i,k)} (∂G̃_i/∂R_k)ᵀ · ∂E/∂G̃_i.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import type { ElementOutput } from './mlp';
import { gatherRows, scatterAddRows } from './segment-ops';

export interface PotentialOutput {
  energy: tf.Tensor2D;
  forces: tf.Tensor3D | null;
}

export function assemble(batch: Batch, outputs: (ElementOutput | null)[], forces: boolean): PotentialOutput {
  let energy: tf.Tensor | null = null;
  let f: tf.Tensor | null = null;
  batch.elements.forEach((rows, e) => {
    const out = outputs[e];
    if (!rows || !out) return;
    const part = tf.matMul(out.atomEnergy, rows.toStructure);
    energy = energy ? tf.add(energy, part) : part;
    if (!forces || !rows.pairs || !out.dEdG) return;
    const [s, a, d] = out.dEdG.shape;
    const perAtom = tf.transpose(out.dEdG, [1, 0, 2]); // [A, S, D]
    const perPair = gatherRows(tf.reshape(perAtom, [a, s * d]), rows.pairs.row);
    const p = rows.pairs.row.shape[0];
    const contrib = tf.matMul(tf.reshape(perPair, [p, s, d]) as tf.Tensor3D, rows.pairs.block, false, true); // [P, S, 3]
    const summed = scatterAddRows(tf.reshape(contrib, [p, s * 3]), rows.pairs.atom, batch.forceAtoms);
    f = f ? tf.add(f, summed) : summed;
  });
  if (!energy) throw new Error('batch has no atoms');
  let forcesOut: tf.Tensor3D | null = null;
  if (forces && batch.forceAtoms > 0) {
    const s = (energy as tf.Tensor).shape[0];
    const sum: tf.Tensor = f ?? tf.zeros([batch.forceAtoms, s * 3]);
    forcesOut = tf.transpose(tf.reshape(tf.neg(sum), [batch.forceAtoms, s, 3]), [1, 0, 2]) as tf.Tensor3D;
  }
  return { energy: energy as tf.Tensor2D, forces: forcesOut };
}
