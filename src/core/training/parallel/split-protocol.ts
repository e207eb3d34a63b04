/**
 * What the main thread and a worker sharing a BNN's or a single network's steps say to each other
 * (./split-bnn-step.ts, ./split-network-step.ts, ./split-part-steps.ts). Every batch is split by structure (../../kernels/row-window.ts). The init message
 * builds the worker's kernel step and hands it a shared-memory channel (./step-channel.ts); from then on,
 * each step the main thread writes x = [μ; ρ], the batch and the trainer Rng's state before the step there;
 * the worker replays the step's draws from that state, computes its structures' data gradient and writes it
 * back; the main thread sums the shares in part order. Only a worker's error comes back as a message.
 */
import type { TrainingSample } from '../../data/samples';
import type { Standardisation } from '../../descriptors/types';
import type { BnnTerms } from '../../kernels/bnn-parts';
import type { RowWindow } from '../../kernels/row-window';
import type { BnnEstimator } from '../../method/names';
import type { ParamLayout } from '../../models/layout';
import type { StepChannelBuffers } from './step-channel';

/** Everything a worker builds its estimator's kernel step from (the first request). */
export interface SplitInit {
  layout: ParamLayout;
  estimator: BnnEstimator;
  /** This part's structures alone (../../kernels/row-window.ts compactPart); terms.nTrain counts the whole set. */
  train: readonly TrainingSample[];
  /** This part's lists (one per batch, in step order, indexing `train`) and their windows in the whole batches. */
  lists: readonly number[][];
  window: RowWindow;
  std: readonly Standardisation[];
  terms: BnnTerms;
  forces: { alpha: number; sigma: number } | null;
  /** The energy path's force weight (null: energies only), as KernelEngine passes it. */
  alpha: number | null;
}

/** A single network's part (./split-network-step.ts): its structures and lists, as SplitInit's. */
export interface NetworkSplitInit {
  layout: ParamLayout;
  train: readonly TrainingSample[];
  lists: readonly number[][];
  std: readonly Standardisation[];
}

export type SplitRequest =
  | { type: 'init-split'; init: SplitInit; channel: StepChannelBuffers }
  | { type: 'init-network-split'; init: NetworkSplitInit; channel: StepChannelBuffers };
