/**
 * The report file (`*.uqreport.json`): hand-written TypeScript types that follow
 * schemas/uq-report.schema.json (the schema is the source of truth; a test checks that the valid
 * example both typechecks against these types and validates against the schema).
 * Units: energies per atom in eV/atom, forces per component in eV/Å.
 */
import type { BnnEstimator, MethodType } from '../core/method/names';
import type { StopReason } from './events';

export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_KIND = 'mlip-uq-report';

export type SetName = 'train' | 'validation' | 'test';
export type QuantityName = 'energy' | 'forces';
export const SET_NAMES: readonly SetName[] = ['train', 'validation', 'test'];
export const QUANTITY_NAMES: readonly QuantityName[] = ['energy', 'forces'];

/**
 * Every scalar metric of methods.md §6 for one vector of (y, ŷ, σ). `null` means "undefined for this
 * data" (a correlation with one point or a constant vector), never a failed computation.
 */
export interface UqMetricSet {
  count: number;
  /** mean |e|, e = ŷ − y */
  mae: number;
  /** √mean e² */
  rmse: number;
  /** max |e| */
  maxError: number;
  /** median |e| (mean of the two middle values for an even count) */
  mdae: number;
  /** percent: mean |2e/(|ŷ| + |y|)| × 100; a point with ŷ = y = 0 counts as 0 */
  marpd: number;
  /** 1 − Σe²/Σ(y − ȳ)²; for constant y: 1 when every e = 0, else 0 (sklearn's force_finite); null for one point */
  r2: number | null;
  /** Pearson correlation of y and ŷ; null when either is constant or there is one point */
  corr: number | null;
  /** mean ½[log(2πσ²) + e²/σ²] */
  nll: number;
  /** mean ½[log σ² + e²/σ²] (σ floored at 1e−8 as in nll): nll − ½·log 2π exactly, the paper's first tables' form */
  nllNo2pi: number;
  crps: number;
  checkScore: number;
  intervalScore: number;
  sharpness: number;
  /** interval form, 100 levels */
  rmsce: number;
  mace: number;
  miscalibrationArea: number;
  /** quantile form, 100 levels */
  rmsceQuantile: number;
  maceQuantile: number;
  miscalibrationAreaQuantile: number;
  ece10: number;
  spearman: number | null;
  pearson: number | null;
  r2AbsErrorOnSigma: number | null;
  topQuartileOverlapPercent: number;
  picp95: number;
  mpiw95: number;
}

export interface CalibrationCurves {
  /** linspace(0, 1, 100) */
  expected: number[];
  /** observed share inside the central interval of each expected mass */
  interval: number[];
  /** observed share below each expected quantile */
  quantile: number[];
}

export interface ErrorVsSigmaBin {
  count: number;
  sigmaMin: number;
  sigmaMax: number;
  /** mean σ in the bin */
  meanSigma: number;
  /** √mean σ² in the bin: compare with rmse (a calibrated σ has rmse ≈ rmsSigma) */
  rmsSigma: number;
  meanAbsError: number;
  rmse: number;
}

/** The metrics a report gives a bootstrap interval (src/core/uq/bootstrap.ts). */
export type IntervalMetricKey = 'rmse' | 'mae' | 'mace' | 'picp95';
export const INTERVAL_METRIC_KEYS: readonly IntervalMetricKey[] = ['rmse', 'mae', 'mace', 'picp95'];

/**
 * Bootstrap intervals of some metrics of one evaluation: the structures of the set resampled with
 * replacement `resamples` times from a seeded generator (force components move with their structure),
 * each metric recomputed, and the (1 − level)/2 and (1 + level)/2 percentiles taken, recentred on the
 * point value by the bootstrap's bias estimate (src/core/uq/bootstrap.ts).
 * A metric is absent where the evaluation's value is not a function of σ per point (isotonic MACE, PICP).
 */
export type MetricIntervals = {
  level: number;
  resamples: number;
  seed: number;
  /** what was resampled: structures (each with all its values) */
  structures: number;
} & { [K in IntervalMetricKey]?: [number, number] };

export interface UqEvaluation {
  metrics: UqMetricSet;
  curves: CalibrationCurves;
  /** 10 σ-quantile bins */
  errorVsSigma: ErrorVsSigmaBin[];
  /** bootstrap 95 % intervals of RMSE, MAE, MACE and PICP 95 % (reports written before them have none) */
  intervals?: MetricIntervals;
}

export interface QuantityMetrics {
  unit: 'eV/atom' | 'eV/Å';
  raw: UqEvaluation;
  /** σ recalibrated by this quantity's default method (recalibration[q].method; the σ scale when absent; equal to `raw` for "none") */
  recalibrated?: UqEvaluation;
  /** each fitted recalibration method's metrics, side by side (src/core/uq/recalibrate.ts); "none" is `raw` */
  recalibratedBy?: Partial<Record<FittedRecalibrationMethod, UqEvaluation>>;
}

export type SetMetrics = Partial<Record<QuantityName, QuantityMetrics>>;

/**
 * The choices of a quantity's default recalibration, simplest first (src/core/uq/recalibrate.ts):
 *   "none":     σ left raw, σ' = σ: raw σ's held-out MACE beat both fits', so σ is shown as the model gives it;
 *   "scale":    σ' = s·σ;
 *   "isotonic": the uncertainty-toolbox isotonic map on top of the scale.
 */
export const RECALIBRATION_METHODS = ['none', 'scale', 'isotonic'] as const;
export type RecalibrationMethod = (typeof RECALIBRATION_METHODS)[number];
/** The methods that fit something on validation (each has its own evaluation in `recalibratedBy`; "none"'s is `raw`). */
export const FITTED_RECALIBRATION_METHODS = ['scale', 'isotonic'] as const satisfies readonly RecalibrationMethod[];
export type FittedRecalibrationMethod = (typeof FITTED_RECALIBRATION_METHODS)[number];

/** Knots of the isotonic map g from observed to nominal interval level (linear between, clipped outside). */
export interface IsotonicMap {
  observed: number[];
  expected: number[];
}

/** One group's fit (all points of a quantity, or the force components of one element). */
export interface GroupRecalibration {
  /** σ' = scale·σ: the scale minimising validation MACE, NLL tie-break (robust to a few outliers) */
  scale: number;
  /** the plain NLL optimum √mean(e²/σ²), for reference */
  nllScale?: number;
  count: number;
  /** isotonic map g, fitted on e/(scale·σ) */
  isotonic?: IsotonicMap;
  /** isotonic σ' = isotonicSigmaFactor·σ = scale·Φ⁻¹((1 + g(0.6827))/2)·σ */
  isotonicSigmaFactor?: number;
  note?: string;
}

export interface Recalibration {
  /**
   * σ' = scale·σ, fitted on validation: the scale minimising the validation calibration error (MACE),
   * NLL tie-break (src/core/uq/calibration-scale.ts); for forces with `perElement`, the pooled fit
   * (each element's own scale is what is applied).
   */
  scale: number;
  fittedOn: 'validation';
  count: number;
  note?: string;
  /** the plain NLL optimum √mean(e²/σ²) on validation (outlier-sensitive), for reference */
  nllScale?: number;
  isotonic?: IsotonicMap;
  isotonicSigmaFactor?: number;
  /** the method `recalibrated`, `mlip-uq predict` and the viewer use (chosen on held-out validation folds; "none": raw σ kept) */
  method?: RecalibrationMethod;
  /**
   * held-out interval MACE of each method in K-fold cross-validation on the validation set (mean over folds);
   * `none` is raw σ's on the same folds (absent in reports written before raw σ was a candidate)
   */
  heldOutMace?: { none?: number; scale: number; isotonic: number; folds: number };
  /** forces: one fit per element, applied to that element's force components */
  perElement?: Record<string, GroupRecalibration>;
  /** the plain-words sentence when the scale lies outside [0.5, 2] (src/core/uq/miscalibration-warning.ts) */
  warning?: string;
}

export interface Producer {
  tool: { name: string; version: string };
  backend: { name: string; reason?: string; threads?: number; versions?: Record<string, string> };
  /** What ran the training steps and the predictions (wasm-simd-kernels or tfjs-ops), and why. */
  engines?: { training?: EngineRecord; prediction?: EngineRecord };
  /** The resolved configuration object, as the run used it. */
  config: Record<string, unknown>;
  configHash: string;
  configFile?: string;
  /** A hash over the input structures (names, atoms, energies). */
  dataFingerprint: string;
  dataFiles?: { path: string; sha256?: string; structures?: number }[];
  /** Structure names per set; `source` says where each set came from, `moved` the structures moved into training. */
  split: Record<SetName, string[]> & { subset?: string[]; seed?: number; source?: Partial<Record<SetName, string>>; moved?: SplitMoveRecord[]; leftOut?: string[] };
  /** Reference energies fitted on the training split (`reference_energies: fit`), eV per atom. */
  referenceEnergies?: ReferenceEnergyFit;
  seeds: Record<string, number>;
  /** Seconds per phase (featurize, train, predict, report, …). */
  wallTimeSeconds: Record<string, number>;
  runId?: string;
}

/** An engine (wasm-simd-kernels or tfjs-ops) and why it ran. */
export interface EngineRecord {
  name: string;
  reason?: string;
}

/** A structure moved from validation or test into training, so that its elements have training atoms. */
export interface SplitMoveRecord {
  name: string;
  from: 'validation' | 'test';
  elements: string[];
}

export interface ReferenceEnergyFit {
  /** every element's reference as trained on (given and fitted), eV per atom */
  values: Record<string, number>;
  fitted: string[];
  /** training structures the least-squares fit used */
  structures: number;
  /** rms residual per atom of total energy against composition, eV/atom */
  rmsPerAtom: number;
  /** the compositions do not separate the fitted elements (only their combinations are determined) */
  rankDeficient: boolean;
}

/** Errors of one group of structures (config_type or input entry): energy per atom and force components. */
export interface GroupMetrics {
  structures: number;
  energy?: UqMetricSet;
  forces?: UqMetricSet;
}

/** Errors broken down by the element of each atom (forces) and by group (src/core/report/breakdown-section.ts). */
export interface SetBreakdown {
  /** force components of each element's atoms, eV/Å */
  forcesByElement?: Record<string, UqMetricSet>;
  groups?: Record<string, GroupMetrics>;
}

export interface MethodSummary {
  method: MethodType;
  estimator?: BnnEstimator;
  members?: number;
  /** Ensemble members that also predict a variance: σ² = mean(σ_m² + μ_m²) − μ²; absent: homoscedastic. */
  heteroscedastic?: boolean;
  samples?: number;
  trainForces: boolean;
  /** Free label, e.g. "full" or "subset". */
  regime?: string;
}

export interface MemberEpochRecord {
  trainLoss: number;
  valEnergyRmse: number;
  valForceRmse?: number;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  dataTerm: number;
  klTerm: number;
  valLoss?: number;
  valEnergyRmse?: number;
  valForceRmse?: number;
  learningRate?: number;
  seconds?: number;
  members?: MemberEpochRecord[];
}

export interface TrainingHistory {
  epochs: EpochRecord[];
  bestEpoch?: number;
  stopped?: StopReason;
}

/**
 * A float array, either plain JSON numbers or, for large arrays, little-endian IEEE-754 values in
 * base64 with their count (`length` values, so `data` decodes to 4·length or 8·length bytes).
 */
export type NumberArray = number[] | EncodedNumbers;
export interface EncodedNumbers {
  encoding: 'base64-float32-le' | 'base64-float64-le';
  length: number;
  data: string;
}

export interface StructurePrediction {
  name: string;
  source?: string;
  /** group for per-group errors: extended-XYZ config_type, or the input entry it was read from */
  group?: string;
  atoms: number;
  /** eV/atom */
  energyTrue: number;
  energyPred: number;
  energyStd: number;
}

/** Force components of a set's structures, in structure order, atom order, then x, y, z. */
export interface ForcePredictions {
  count: number;
  true: NumberArray;
  pred: NumberArray;
  std: NumberArray;
  /** element of each atom (count/3 entries, same order), for per-element force recalibration */
  elements?: string[];
}

export interface SetPredictions {
  structures: StructurePrediction[];
  forces?: ForcePredictions;
}

export interface UqReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: typeof REPORT_KIND;
  /** ISO 8601 */
  createdAt: string;
  producer: Producer;
  method: MethodSummary;
  metrics: Partial<Record<SetName, SetMetrics>>;
  recalibration: Partial<Record<QuantityName, Recalibration>>;
  history: TrainingHistory;
  predictions: Partial<Record<SetName, SetPredictions>>;
  /** Errors per element (forces) and per group (energy, forces), raw σ; sets with forces or groups only. */
  breakdown?: Partial<Record<SetName, SetBreakdown>>;
  /** Structures whose σ per atom exceeds the validation set's percentile (src/core/report/ood-section.ts). */
  outOfDistribution?: OutOfDistribution;
  notes?: string[];
}

export interface OutOfDistribution {
  percentile: number;
  /** eV/atom: the validation σ per atom at `percentile` */
  sigmaPerAtom: number;
  /** per set (not validation), the structures above it, largest σ first */
  flagged: Partial<Record<SetName, string[]>>;
}

/**
 * `predictions.json` in a run directory: what the runner writes at the end of a run so that
 * `mlip-uq report RUN_DIR` can (re)build the report (reader: src/core/report/run-dir-inputs.ts).
 */
export interface RunPredictionsFile {
  format: 'mlip-uq-predictions';
  version: 1;
  sets: Partial<Record<SetName, { structures: StructurePrediction[]; forces?: { true: NumberArray; pred: NumberArray; std: NumberArray; elements?: string[] } }>>;
  method?: MethodSummary;
  /** Any producer fields known to the runner (data fingerprint, seeds, wall times, …); they win over derived ones. */
  producer?: Partial<Producer>;
}
