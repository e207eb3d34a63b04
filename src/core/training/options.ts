/** What a Trainer and its engine are told: batch size, optimiser, force weight, stopping rule, seed, BNN terms. */
import type { BnnLikelihood, KlWeighting } from '../method/names';
import type { AdamOptions } from './adam';

export interface BnnTrainingOptions {
  sigmaEnergy: number;
  sigmaForces: number;
  weighting: KlWeighting;
  /** What the energy NLL is over (method/bnn-objective.ts); absent: 'per_atom'. */
  likelihood?: BnnLikelihood;
  trainSamples: number;
  predictSamples: number;
}

export interface TrainerOptions {
  batchSize: number;
  adam: AdamOptions;
  /** Force weight α; forces are trained when α > 0 and samples carry force targets. */
  alpha: number;
  patience: number | null;
  minDelta: number;
  seed: number;
  bnn: BnnTrainingOptions | null;
  bootstrap: boolean;
  /** aenet energy scale, to report errors in eV/atom and eV/Å. */
  energyScale: number;
  /**
   * false: the batches' order is drawn once and kept every epoch (the paper's fixed minibatches); absent or
   * true: a new order every epoch. Batch compositions are fixed either way.
   */
  shuffle?: boolean;
  /** Training steps run on the wasm SIMD kernels where they can, unless this is false (tfjs ops then). */
  kernels?: boolean;
  /**
   * Threads the kernels may train on (absent: 1). Deep ensembles split their members across worker threads;
   * BNNs and single networks (energies only, no bootstrap) their batches by structure, in parts of at least
   * `minPartRows` atom rows on average (../training/create-engine.ts engineThreads).
   */
  threads?: number;
  /** The fewest atom rows a thread's part of a split batch may average (absent: MIN_PART_ROWS; tests split small sets). */
  minPartRows?: number;
}

/** Weight sets per validation prediction: BNNs average a few samples, ensembles use their members. */
export function validationSamples(o: Pick<TrainerOptions, 'bnn'>): number {
  return o.bnn ? Math.max(2, Math.min(o.bnn.predictSamples, 10)) : 1;
}
