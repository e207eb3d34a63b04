/**
 * One training config per (method, regime) of the paper's comparison. Every run gets the same data, the
 * same split seed (so the same test set) and, in the subset regime, the same seeded 20 % of
 * train+validation; only the method block and its tuned optimiser values differ.
 */
import type { ReferenceEnergiesConfig } from '../../core/config/types';
import type { PaperStudy } from './paper-study';
import type { TunedOverrides } from './paper-tuned';
import { TUNED, type PaperMethod, type PaperRegime } from './paper-values';

export interface PaperSettings {
  /** Absolute paths of the structure files. */
  data: string[];
  /** A user config's data and descriptor sections (paths absolute), used instead of `data` and the TiO2 descriptor. */
  blocks?: { data: Record<string, unknown>; descriptor: Record<string, unknown> } | null;
  referenceEnergies: ReferenceEnergiesConfig;
  /** Environment order of the descriptor; null = alphabetical. */
  env: string[] | null;
  limit: number | null;
  subsetFraction: number;
  /** Seed of the split and subset draws: the same for every run, so every run sees the same test set. */
  seed: number;
  /** Exact train/validation/test counts, or null for 80/10/10. */
  splitSizes: [number, number, number] | null;
  /** Which study: its objective version (v1 TiO2 energy only, v2 with forces and QM7) sets the KL weighting and clipping. */
  study?: PaperStudy;
  forces: boolean;
  members: number;
  /** Epoch cap per method (the time budget usually ends runs sooner). */
  epochs: Record<PaperMethod, number>;
  /** Per method, values from a config (--tuned) instead of the paper's TiO2 table, for every regime. */
  tuned?: TunedOverrides;
}

/**
 * Patience in epochs, null = never stop early. The paper early-stops its ensemble members but trained every BNN
 * to its epoch cap and kept the best validation checkpoint (paper-protocol.md §1): a BNN's validation curve is
 * noisy (20 sampled weights) and still falling after a plateau of 500 epochs (results/paper-7815-notes.md: LRT
 * full, seed 883144, stopped at 983 epochs with test RMSE 0.079; run on, 0.046 at 3,000). The epoch cap and the
 * time budget end BNN runs.
 */
const PATIENCE: Record<PaperMethod, number | null> = { de: 100, lrt: null, flipout: null, radial: null };

/**
 * The split as fractions that give exactly the requested counts: seededSplit takes round(test share × n) for
 * test, then round(train share of the rest) for training, so count/n shares reproduce the counts.
 */
function splitFractions(s: PaperSettings): { train: number; validation: number; test: number } {
  if (!s.splitSizes) return { train: 0.8, validation: 0.1, test: 0.1 };
  const [a, b, c] = s.splitSizes;
  const n = a + b + c;
  return { train: a / n, validation: b / n, test: c / n };
}

/** The config of one run; `trainSeed` seeds weights, batches and sampling (the paper's five runs differ only in it). */
export function paperConfig(method: PaperMethod, regime: PaperRegime, s: PaperSettings, trainSeed = s.seed): Record<string, unknown> {
  const tuned = s.tuned?.[method] ?? TUNED[regime][method];
  // paper-protocol.md §1: v1 (TiO2 energy only) clips each gradient element at ±15; v2 at ±10, force models at ±1.
  const v2 = s.study === 'tio2-forces' || s.study === 'qm7';
  const clip = !v2 ? 15 : s.forces ? 1 : 10;
  const methodBlock = method === 'de'
    ? { type: 'ensemble', ensemble: { members: s.members, bootstrap: false, heteroscedastic: false } }
    : {
      type: 'bnn',
      bnn: {
        estimator: method, prior_scale: tuned.priorScale, q_scale: tuned.qScale, sigma_obs_energy: tuned.sigmaObs,
        kl_weighting: v2 ? 'paper_v2' : 'paper', likelihood: 'total', train_samples: tuned.trainSamples ?? 2, predict_samples: 20, add_observation_noise: false,
      },
    };
  return {
    data: {
      ...(s.blocks?.data ?? {}),
      structures: s.data,
      reference_energies: s.referenceEnergies,
      split: { ...splitFractions(s), seed: s.seed },
      ...(regime === 'subset' ? { subset: { fraction: s.subsetFraction, seed: s.seed } } : {}),
      ...(s.limit !== null ? { limit: s.limit } : {}),
    },
    descriptor: s.blocks?.descriptor ?? { radial_cutoff: 6.5, radial_order: 20, angular_cutoff: 5.0, angular_order: 6, ...(s.env ? { env: s.env } : {}) },
    network: { hidden: [15, 15], activation: 'tanh' },
    method: methodBlock,
    training: {
      // The paper's optimisers: Adam (0.9, 0.999) for DE members; (0.95, 0.999) with element-wise clipping for BNNs,
      // whose minibatches are cut once and kept in one order (paper-protocol.md §1).
      optimizer: method === 'de' ? { type: 'adam', beta1: 0.9, beta2: 0.999 } : { type: 'adam', beta1: 0.95, beta2: 0.999 },
      ...(method === 'de' ? {} : { clip, shuffle: false }),
      learning_rate: tuned.learningRate,
      batch_size: tuned.batchSize,
      epochs: s.epochs[method],
      early_stopping: { patience: PATIENCE[method], min_delta: 0 },
      force_weight: s.forces ? 0.1 : 0,
      seed: trainSeed,
      backend: 'auto',
    },
    evaluation: { calibration_every: 50 },
  };
}
