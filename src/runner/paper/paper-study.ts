/**
 * The paper's three studies as the product reproduces them: which methods and regimes each has, whether it
 * trains on forces, which published numbers it is compared with, and which columns its table shows. The
 * columns are report metric keys (src/protocol/report.ts), so every number comes from a run's report.
 */
import type { PaperMetrics } from './paper-results';
import { PAPER_STUDY_TIO2, PAPER_V2_QM7, PAPER_V2_TIO2_FORCES, STUDY_COLUMNS, type MeanStd } from './paper-study-numbers';
import { PAPER_FORCE_NUMBERS, PAPER_NUMBERS, type PaperMethod, type PaperNumbers, type PaperRegime } from './paper-values';

export const PAPER_STUDIES = ['tio2', 'tio2-forces', 'qm7'] as const;
export type PaperStudy = typeof PAPER_STUDIES[number];

export type StudyMetric = Exclude<keyof PaperMetrics, 'spearman' | 'miscalibrationArea'>;

export interface StudySpec {
  /** Where its numbers come from in paper-protocol.md. */
  section: string;
  title: string;
  methods: readonly PaperMethod[];
  regimes: readonly PaperRegime[];
  forces: boolean;
  columns: readonly StudyMetric[];
  /** The paper's value (mean ± std where the paper gives a spread) of a column, or undefined. */
  paper: (method: PaperMethod, regime: PaperRegime, column: StudyMetric) => MeanStd | undefined;
  /** What the paper's NLL column includes. */
  nll: 'no 2π' | 'with 2π';
  /** The objective and settings the runs use, as the table states them. */
  settings: string;
}

/** paper-protocol.md §1: every BNN trained to its cap; patience in paper-configs.ts. */
const NO_EARLY_STOP = 'no early stopping (the best validation epoch kept)';
const V1 = `BNNs: the paper's v1 objective (Gaussian likelihood of the normalised total energy, Σ_batch NLL + KL/N_train), 2 weight samples per step, fixed minibatches, gradients clipped at ±15, its tuned values per regime (paper-protocol.md §2), ${NO_EARLY_STOP}.`;
const V2 = `BNNs: the paper's v2 objective ((Σ_batch NLL_E + Σ_batch NLL_F + KL)/N_train, total energy), 2 weight samples per step, fixed minibatches, gradients clipped at ±10 (±1 with forces); the paper does not publish its v2 tuned values, so the v1 TiO2 full-data values stand in wherever no line below gives a method other values; ${NO_EARLY_STOP}.`;

const v2 = (table: typeof PAPER_V2_QM7) => (method: PaperMethod, regime: PaperRegime, column: StudyMetric): MeanStd | undefined => {
  const x = regime === 'full' ? table[method]?.[column as keyof typeof table[PaperMethod]] : undefined;
  return typeof x === 'number' ? { mean: x, std: NaN } : undefined;
};

export const STUDIES: Record<PaperStudy, StudySpec> = {
  tio2: {
    section: '§4.1', title: 'TiO2, energy only (v1)', methods: ['de', 'flipout', 'lrt', 'radial'], regimes: ['full', 'subset'], forces: false,
    columns: STUDY_COLUMNS, nll: 'no 2π', settings: V1,
    paper: (method, regime, column) => PAPER_STUDY_TIO2[regime][method]?.[column as typeof STUDY_COLUMNS[number]],
  },
  'tio2-forces': {
    section: '§4.2', title: 'TiO2, energies and forces (v2, α = 0.1)', methods: ['de', 'lrt', 'radial'], regimes: ['full'], forces: true,
    columns: ['rmse', 'mae', 'forceRmse', 'forceMae', 'nll', 'ece10', 'forceEce10'], nll: 'with 2π', settings: V2, paper: v2(PAPER_V2_TIO2_FORCES),
  },
  qm7: {
    section: '§4.2', title: 'QM7, energy only (v2)', methods: ['de', 'lrt', 'radial'], regimes: ['full'], forces: false,
    columns: ['rmse', 'mae', 'nll', 'ece10'], nll: 'with 2π', settings: V2, paper: v2(PAPER_V2_QM7),
  },
};

/**
 * The paper's numbers beside one run of a study (the per-run table): methods.md §7's energy-only table, its
 * with-forces one (full set only), or QM7's v2 RMSE and MAE (full).
 */
export function paperNumbers(regime: PaperRegime, method: PaperMethod, study: PaperStudy): Partial<PaperNumbers & { forceRmse: number }> | undefined {
  if (study === 'tio2') return PAPER_NUMBERS[regime][method];
  if (regime !== 'full') return undefined;
  if (study === 'tio2-forces') return PAPER_FORCE_NUMBERS[method];
  const q = PAPER_V2_QM7[method];
  return q ? { rmse: q.rmse, mae: q.mae } : undefined;
}
