/**
 * What the trainer and the predictor see of a model: its variables, a training pass (S = members or
 * MC samples), a prediction pass with S weight sets, and its parameters as plain arrays for checkpoints.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { Rng } from '../rng';
import type { PotentialOutput } from './assemble';
import type { ParamLayout } from './layout';
import type { ActivationName, BnnEstimator, MethodType } from '../method/names';

export interface ForwardResult extends PotentialOutput {
  /** KL(q‖p) for BNNs (a scalar), null otherwise. */
  kl: tf.Scalar | null;
}

export interface ModelSpec {
  kind: MethodType;
  elements: string[];
  dims: number[];
  hidden: number[];
  activation: ActivationName;
  members: number;
  /**
   * Ensembles only: every member also predicts a variance (a second output per atom, trained with the
   * Gaussian NLL; methods.md §4). Absent or false: the members' spread is the only σ.
   */
  heteroscedastic?: boolean;
  estimator?: BnnEstimator;
  priorScale?: number;
  qScale?: number;
  seed: number;
  /**
   * Ensembles only: the index of this model's first member in the full ensemble (absent: 0). Member m of the
   * model draws its initial weights and bootstrap resample as member firstMember + m of an ensemble with the
   * same seed does, so one member trained alone (`train --members-as-jobs`) is that ensemble's member.
   */
  firstMember?: number;
}

export interface PotentialModel {
  readonly spec: ModelSpec;
  readonly layout: ParamLayout;
  readonly variables: tf.Variable[];
  /** Output rows during training: members (ensemble) or MC samples (BNN). */
  trainRows(samples: number): number;
  train(batch: Batch, forces: boolean, samples: number, rng: Rng): ForwardResult;
  /** Ensemble: all members (samples ignored); BNN: `samples` whole weight sets. */
  predict(batch: Batch, forces: boolean, samples: number, rng: Rng): PotentialOutput;
  exportParams(): Record<string, Float32Array>;
  importParams(p: Record<string, Float32Array>): void;
  dispose(): void;
}
