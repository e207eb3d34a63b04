/**
 * The objectives of methods.md §4–§5, on normalised targets. Each returns the scalar to minimise plus
 * its parts for reporting: `data` (the data term, per structure), `kl` (KL/N_train, BNN only) and, for
 * ensembles, each member's own loss.
 *
 * Deep ensemble, per member m: (1−α)·RMSE(Ê/N) + α·RMSE(F̂); members are summed so every member's
 * gradient is its own loss's gradient. Heteroscedastic members replace RMSE(Ê/N) by the Gaussian NLL of
 * Ê/N under their own variance v, mean over the batch of ½[log v + (Ê/N − μ/N)²/v] (no 2π, as torch's
 * GaussianNLLLoss); forces keep their RMSE.
 * BNN: Gaussian NLL of the normalised total energy Ê (or per atom, Ê/N) with σ_obs and of each force
 * component with σ_F, mean over the K samples, weighted and scaled as ../method/bnn-objective.ts says per KL
 * weighting; every weighting reports data = mean NLL per structure, kl = KL/N_train.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dataScale, nllWeights } from '../method/bnn-objective';
import type { BnnLikelihood, KlWeighting } from '../method/names';
import type { ForwardResult } from '../models/potential';
import type { Batch } from '../data/batch';

export interface LossParts {
  total: tf.Scalar;
  data: tf.Scalar;
  kl: tf.Scalar;
  /** Per-row losses [S] (ensemble members), for per-member reporting. */
  perRow: tf.Tensor1D;
}

/** Per-atom normalised energy errors [S, B]. */
function energyErrors(out: ForwardResult, batch: Batch): tf.Tensor2D {
  return tf.mul(tf.sub(out.energy, batch.energy), batch.invAtoms) as tf.Tensor2D;
}

function forceErrors(out: ForwardResult, batch: Batch): tf.Tensor3D | null {
  if (!out.forces || !batch.forceTarget) return null;
  return tf.sub(out.forces, batch.forceTarget) as tf.Tensor3D;
}

/** Mean over the batch per member [S] of per-structure values [S, B]; bootstrap weights count each structure's draws. */
function batchMean(x: tf.Tensor, weights: tf.Tensor2D | null): tf.Tensor1D {
  return (weights ? tf.div(tf.sum(tf.mul(x, weights), 1), tf.maximum(tf.sum(weights, 1), 1e-12)) : tf.mean(x, 1)) as tf.Tensor1D;
}

/** ½[log v + e²/v] per member and structure [S, B], for per-atom errors e and variances v. */
export function heteroscedasticNll(e: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return tf.mul(tf.add(tf.log(v), tf.div(tf.square(e), v)), 0.5);
}

/** Bootstrap weights of the force rows [S, F]: each atom counts as often as its structure was drawn. */
function forceAtomWeights(weights: tf.Tensor2D, batch: Batch): tf.Tensor2D {
  const structure = new Int32Array(batch.forceAtoms);
  batch.forceStructures.forEach((b, k) => structure.fill(b, batch.forceStart[k], batch.forceStart[k] + batch.nAtoms[b]));
  return tf.gather(weights, tf.tensor1d(structure, 'int32'), 1) as tf.Tensor2D;
}

export function ensembleLoss(out: ForwardResult, batch: Batch, alpha: number, weights: tf.Tensor2D | null): LossParts {
  const e = energyErrors(out, batch);
  // Bootstrap: per-member multiplicities of the batch's structures.
  let perRow = out.variance
    ? batchMean(heteroscedasticNll(e, out.variance), weights)
    : tf.sqrt(tf.add(batchMean(tf.square(e), weights), 1e-20)) as tf.Tensor1D; // ε keeps √ differentiable at a perfect fit
  const fe = forceErrors(out, batch);
  if (fe && alpha > 0) {
    const fRmse = tf.sqrt(tf.add(batchMean(tf.mean(tf.square(fe), 2), weights && forceAtomWeights(weights, batch)), 1e-20));
    perRow = tf.add(tf.mul(perRow, 1 - alpha), tf.mul(fRmse, alpha)) as tf.Tensor1D;
  }
  const total = tf.sum(perRow) as tf.Scalar;
  const data = tf.mean(perRow) as tf.Scalar;
  return { total, data, kl: tf.scalar(0), perRow };
}

export interface BnnLossOptions {
  alpha: number;
  sigmaEnergy: number;
  sigmaForces: number;
  weighting: KlWeighting;
  /** Absent: 'per_atom'. */
  likelihood?: BnnLikelihood;
  nTrain: number;
}

function gaussianNll(err: tf.Tensor, sigma: number): tf.Tensor {
  return tf.add(tf.mul(tf.square(err), 0.5 / (sigma * sigma)), Math.log(sigma) + 0.5 * Math.log(2 * Math.PI));
}

export function bnnLoss(out: ForwardResult, batch: Batch, o: BnnLossOptions): LossParts {
  const b = batch.size;
  // Σ over the batch of each structure's NLL, averaged over the K samples: [K] then mean (method/bnn-objective.ts).
  const e = o.likelihood === 'total' ? tf.sub(out.energy, batch.energy) : energyErrors(out, batch);
  let perRow = tf.sum(gaussianNll(e, o.sigmaEnergy), 1) as tf.Tensor1D;
  const fe = forceErrors(out, batch);
  if (fe && o.alpha > 0) {
    const w = nllWeights(o.weighting, o.alpha);
    const fNll = tf.sum(gaussianNll(fe, o.sigmaForces), [1, 2]);
    perRow = tf.add(tf.mul(perRow, w.energy), tf.mul(fNll, w.forces)) as tf.Tensor1D;
  }
  const nllSum = tf.mean(perRow) as tf.Scalar;
  const klShare = tf.div(out.kl ?? tf.scalar(0), o.nTrain) as tf.Scalar;
  const dataTerm = tf.mul(nllSum, dataScale(o.weighting, b, o.nTrain));
  return {
    total: tf.add(dataTerm, klShare) as tf.Scalar,
    data: tf.div(nllSum, b) as tf.Scalar,
    kl: klShare,
    perRow: tf.div(perRow, b) as tf.Tensor1D,
  };
}
