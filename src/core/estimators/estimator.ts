/**
 * What one BNN estimator (methods.md §5) is made of: its name in the config, the autograd training pass
 * through the tfjs layers (the tests' oracle and the tfjs-ops engine), how whole weight sets are drawn for
 * prediction, and its wasm kernel step. ./registry.ts lists one entry per name in src/core/method/names.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { Standardisation } from '../descriptors/types';
import type { TrainingSample } from '../data/samples';
import type { BnnStepParts, BnnTerms, StepShare } from '../kernels/bnn-parts';
import type { RowWindow } from '../kernels/row-window';
import type { KernelEnergyPath } from '../kernels/energy-path';
import type { BnnEstimator } from '../method/names';
import type { ParamLayout } from '../models/layout';
import type { ForwardResult, ModelSpec } from '../models/potential';
import type { Rng } from '../rng';

/** The posterior's parameters as a training pass sees them: μ and ρ rows [1, P] (σ = exp ρ). */
export interface BnnParams {
  readonly spec: ModelSpec;
  readonly layout: ParamLayout;
  readonly mu: tf.Variable;
  readonly rho: tf.Variable;
  /** Prior scale σ_p. */
  readonly prior: number;
  /** A flat row [1, P] as the layout's matrices [rows, cols]. */
  matrices(row: tf.Tensor): tf.Tensor2D[];
  /** θ = μ + σ⊙v for k whole weight sets, v as the estimator draws it; and the radial log-density constants. */
  sampleWeightSets(k: number, rng: Rng): { theta: tf.Tensor2D; constants: Float32Array };
}

/** A kernel BNN step: loss parts of training batch `bi`, and d(total)/dx into `grad` [2P] for x = [μ; ρ]. */
export interface KernelBnnStep {
  step(x: Float32Array, bi: number, rng: Rng, grad: Float32Array): BnnStepParts;
  /**
   * For threads sharing a step's batch by structure (src/core/training/parallel/split-bnn-step.ts): this step's
   * part (KernelStepContext.window) of the step step() would take with this rng (every draw made as step() makes it).
   */
  share(x: Float32Array, bi: number, rng: Rng): StepShare;
  /** step()'s parts and d(total)/dx into `grad` from every thread's share, in order (this instance made the last). */
  combine(x: Float32Array, shares: readonly StepShare[], grad: Float32Array): BnnStepParts;
}

export interface KernelStepContext {
  /** The weight-set path (validation; training rows too unless the estimator has its own). */
  path: KernelEnergyPath;
  layout: ParamLayout;
  train: readonly TrainingSample[];
  /** Fixed batch compositions, as indices into `train`. */
  batches: readonly number[][];
  std: readonly Standardisation[];
  terms: BnnTerms;
  /** Force training (α and σ_F, normalised units), or null for energies only. */
  forces: { alpha: number; sigma: number } | null;
  /** A thread's part of batches split by structure (`batches` are then its lists); absent: the whole batches. */
  window?: RowWindow;
}

export interface Estimator {
  /** The name in the config schema (method.bnn.estimator), the events and the report. */
  name: BnnEstimator;
  /** One autograd training pass with k samples: energies, forces when asked, and KL(q‖p). */
  train(m: BnnParams, batch: Batch, forces: boolean, k: number, rng: Rng): ForwardResult;
  /** Whole weight sets for prediction are radial (ε/‖ε‖·r per tensor) rather than Gaussian. */
  radialWeightSets: boolean;
  /**
   * The wasm kernel step, or null when there is none (such runs train on tfjs ops). `ownRows`: the step
   * uploads its own training rows, and the weight-set path then only predicts the validation set.
   */
  kernel: { ownRows: boolean; create(c: KernelStepContext): KernelBnnStep } | null;
}

/** Standard normal noise of the given shape from the trainer's Rng. */
export function normalNoise(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
}
