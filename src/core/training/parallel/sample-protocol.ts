/**
 * What the main thread and a worker sharing a BNN's Monte Carlo samples say to each other
 * (./sample-split-step.ts, ./sample-steps.ts). Each step the main thread sends x = [μ; ρ], the batch and the
 * trainer Rng's state before the step; the worker replays the step's draws from that state, computes its
 * samples' data gradient and sends it back; the main thread sums the shares in range order.
 */
import type { TrainingSample } from '../../data/samples';
import type { Standardisation } from '../../descriptors/types';
import type { BnnTerms, SampleShare } from '../../kernels/bnn-parts';
import type { BnnEstimator } from '../../method/names';
import type { ParamLayout } from '../../models/layout';
import type { RngState } from '../../rng';

/** Everything a worker builds its estimator's kernel step from (the first request). */
export interface SampleInit {
  layout: ParamLayout;
  estimator: BnnEstimator;
  train: readonly TrainingSample[];
  lists: readonly number[][];
  std: readonly Standardisation[];
  /** The step's terms; `samples` is every thread's K (the worker computes [from, to) of them). */
  terms: BnnTerms;
  forces: { alpha: number; sigma: number } | null;
  /** The energy path's force weight (null: energies only), as KernelEngine passes it. */
  alpha: number | null;
  from: number;
  to: number;
}

export type SampleRequest =
  | { type: 'init-samples'; init: SampleInit }
  | { type: 'share'; x: Float32Array; bi: number; rng: RngState };

export type SampleReply = { type: 'share'; share: SampleShare };
