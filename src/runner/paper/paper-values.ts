/**
 * What Farris et al. 2025 (arXiv:2509.19180) decided and measured, as methods.md §5 and §7 state it:
 * the tuned hyper-parameters per method (TiO2, full set, energy only) and the published test-set
 * numbers that `mlip-uq paper` prints beside its own.
 */
import { BNN_ESTIMATORS, type BnnEstimator } from '../../core/method/names';

/** The deep ensemble and the paper's BNN estimators. */
export type PaperMethod = 'de' | BnnEstimator;
export type PaperRegime = 'full' | 'subset';

export const PAPER_METHODS: readonly PaperMethod[] = ['de', ...BNN_ESTIMATORS];
export const PAPER_REGIMES: readonly PaperRegime[] = ['full', 'subset'];

export const METHOD_LABELS: Record<PaperMethod, string> = { de: 'DE', lrt: 'LRT', flipout: 'Flipout', radial: 'Radial' };

export interface TunedValues {
  batchSize: number;
  learningRate: number;
  /** BNN only */
  priorScale?: number;
  qScale?: number;
  sigmaObs?: number;
}

/** methods.md §5: "The paper's tuned values (TiO2 full, energy only)". */
export const TUNED: Record<PaperMethod, TunedValues> = {
  de: { batchSize: 32, learningRate: 5.49e-4 },
  lrt: { batchSize: 64, learningRate: 4.93e-5, priorScale: 0.209, qScale: 2.27e-4, sigmaObs: 0.132 },
  flipout: { batchSize: 256, learningRate: 1.24e-4, priorScale: 0.206, qScale: 6.05e-4, sigmaObs: 0.893 },
  radial: { batchSize: 64, learningRate: 5.36e-4, priorScale: 0.108, qScale: 8.0e-4, sigmaObs: 0.294 },
};

/** The four metrics the paper tabulates (test set, energy only, eV/atom; NLL without the 2π term). */
export interface PaperNumbers { rmse: number; mae: number; nllNo2pi: number; mace: number }

/** methods.md §7, mean of 5 runs; the paper has no Radial run on the subset. */
export const PAPER_NUMBERS: Record<PaperRegime, Partial<Record<PaperMethod, PaperNumbers>>> = {
  full: {
    de: { rmse: 0.0121, mae: 0.0051, nllNo2pi: -4.65, mace: 0.044 },
    flipout: { rmse: 0.0282, mae: 0.0167, nllNo2pi: -3.24, mace: 0.168 },
    lrt: { rmse: 0.0293, mae: 0.0143, nllNo2pi: -3.44, mace: 0.070 },
    radial: { rmse: 0.0408, mae: 0.0189, nllNo2pi: -0.93, mace: 0.167 },
  },
  subset: {
    de: { rmse: 0.0825, mae: 0.0231, nllNo2pi: -3.67, mace: 0.086 },
    flipout: { rmse: 0.0748, mae: 0.0309, nllNo2pi: -2.83, mace: 0.149 },
    lrt: { rmse: 0.0754, mae: 0.0326, nllNo2pi: -2.79, mace: 0.155 },
  },
};

/** methods.md §7 with forces (α = 0.1, full set): energy RMSE (eV/atom) and force RMSE (eV/Å) only. */
export const PAPER_FORCE_NUMBERS: Partial<Record<PaperMethod, { rmse: number; forceRmse: number }>> = {
  de: { rmse: 0.0093, forceRmse: 0.347 },
  lrt: { rmse: 0.0385, forceRmse: 0.631 },
  radial: { rmse: 0.0332, forceRmse: 0.497 },
};

/** The paper's numbers that match a run: the energy-only table, or the with-forces one (full set only). */
export function paperNumbers(regime: PaperRegime, method: PaperMethod, forces: boolean): Partial<PaperNumbers & { forceRmse: number }> | undefined {
  if (!forces) return PAPER_NUMBERS[regime][method];
  return regime === 'full' ? PAPER_FORCE_NUMBERS[method] : undefined;
}

/** The shipped TiO2 archive's isolated-atom energies (eV), as in examples/*.mlip.yaml. */
export const TIO2_REFERENCE_ENERGIES: Record<string, number> = { O: -432.503149303, Ti: -1604.604515075 };
