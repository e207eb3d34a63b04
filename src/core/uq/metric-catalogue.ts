/**
 * The metric catalogue: every scalar metric a report carries (UqMetricSet, methods.md §6) with its one
 * label, its unit, which direction is better and the name the paper gives it. Every view of metrics
 * (report viewer, HTML report, `compare`, the paper table, the dashboard) takes labels, units and
 * "best" from here, so a metric is spelled one way everywhere; each view only picks which keys it shows.
 * Pure data and arithmetic with type-only imports: the webviews bundle it for the browser.
 */
import type { QuantityName, UqMetricSet } from '../../protocol/report';

export type MetricKey = keyof UqMetricSet;

/**
 * What a value is measured in. 'quantity': the unit of the quantity (eV/atom for energies, eV/Å for
 * force components), which a view may show ×1000 (meV). 'fraction': a share in [0, 1]. 'percent':
 * 0–100. 'unitless': a score or correlation (NLL is in nats and shifts with the unit of σ, but carries
 * no unit to print). 'count': a number of values.
 */
export type MetricUnit = 'quantity' | 'fraction' | 'percent' | 'unitless' | 'count';

/**
 * Which value is better: 'lower', 'higher', or the one closest to `target` ('target'); 'none' where a
 * value alone says neither (a count; sharpness and interval width, as narrow is only good with coverage).
 */
export type Better = 'lower' | 'higher' | 'target' | 'none';

export interface MetricInfo {
  key: MetricKey;
  /** The one spelling every table and chart uses. */
  label: string;
  /** One line for tooltips: what the number is (the formulas are in src/protocol/report.ts). */
  description: string;
  unit: MetricUnit;
  better: Better;
  /** For better = 'target'. */
  target?: number;
  /** The column name in the paper's tables (methods.md §7); absent for metrics it does not tabulate. */
  paperName?: string;
}

type Entry<K extends MetricKey> = Omit<MetricInfo, 'key'> & { key: K };

/** Keyed by every field of UqMetricSet (a missing key is a type error), in the report's order. */
export const METRICS: { readonly [K in MetricKey]: Entry<K> } = {
  count: { key: 'count', label: 'n', description: 'number of values', unit: 'count', better: 'none' },
  mae: { key: 'mae', label: 'MAE', description: 'mean absolute error', unit: 'quantity', better: 'lower', paperName: 'MAE' },
  rmse: { key: 'rmse', label: 'RMSE', description: 'root-mean-square error', unit: 'quantity', better: 'lower', paperName: 'RMSE' },
  maxError: { key: 'maxError', label: 'max |e|', description: 'largest absolute error', unit: 'quantity', better: 'lower' },
  mdae: { key: 'mdae', label: 'MdAE', description: 'median absolute error', unit: 'quantity', better: 'lower' },
  marpd: { key: 'marpd', label: 'MARPD (%)', description: 'mean absolute relative percent difference', unit: 'percent', better: 'lower' },
  r2: { key: 'r2', label: 'R²', description: 'coefficient of determination of ŷ against y', unit: 'unitless', better: 'higher' },
  corr: { key: 'corr', label: 'corr(y, ŷ)', description: 'Pearson correlation of the prediction with the reference', unit: 'unitless', better: 'higher' },
  nll: { key: 'nll', label: 'NLL', description: 'Gaussian negative log-likelihood per value', unit: 'unitless', better: 'lower' },
  nllNo2pi: { key: 'nllNo2pi', label: 'NLL (no 2π)', description: 'Gaussian NLL without the log 2π term, as the paper tabulates it', unit: 'unitless', better: 'lower', paperName: 'NLL' },
  crps: { key: 'crps', label: 'CRPS', description: 'continuous ranked probability score of the Gaussian', unit: 'quantity', better: 'lower' },
  checkScore: { key: 'checkScore', label: 'check score', description: 'pinball loss averaged over quantile levels', unit: 'quantity', better: 'lower' },
  intervalScore: { key: 'intervalScore', label: 'interval score', description: 'width plus penalties for misses, averaged over central intervals', unit: 'quantity', better: 'lower' },
  sharpness: { key: 'sharpness', label: 'sharpness', description: 'root-mean-square σ', unit: 'quantity', better: 'none' },
  rmsce: { key: 'rmsce', label: 'RMSCE', description: 'root-mean-square calibration error, central intervals, 100 levels', unit: 'fraction', better: 'lower' },
  mace: { key: 'mace', label: 'MACE', description: 'mean absolute calibration error, central intervals, 100 levels', unit: 'fraction', better: 'lower', paperName: 'MACE' },
  miscalibrationArea: { key: 'miscalibrationArea', label: 'miscal. area', description: 'area between the interval calibration curve and the diagonal', unit: 'fraction', better: 'lower' },
  rmsceQuantile: { key: 'rmsceQuantile', label: 'RMSCE (quantile)', description: 'root-mean-square calibration error, quantiles, 100 levels', unit: 'fraction', better: 'lower' },
  maceQuantile: { key: 'maceQuantile', label: 'MACE (quantile)', description: 'mean absolute calibration error, quantiles, 100 levels', unit: 'fraction', better: 'lower' },
  miscalibrationAreaQuantile: { key: 'miscalibrationAreaQuantile', label: 'miscal. area (quantile)', description: 'area between the quantile calibration curve and the diagonal', unit: 'fraction', better: 'lower' },
  ece10: { key: 'ece10', label: 'ECE₁₀', description: 'expected calibration error over 10 central intervals (p = 0.05 … 0.95)', unit: 'fraction', better: 'lower' },
  spearman: { key: 'spearman', label: 'Spearman', description: 'Spearman rank correlation of |e| with σ', unit: 'unitless', better: 'higher' },
  pearson: { key: 'pearson', label: 'Pearson', description: 'Pearson correlation of |e| with σ', unit: 'unitless', better: 'higher' },
  r2AbsErrorOnSigma: { key: 'r2AbsErrorOnSigma', label: 'R² |e|~σ', description: 'R² of the straight-line fit of |e| on σ', unit: 'unitless', better: 'higher' },
  topQuartileOverlapPercent: { key: 'topQuartileOverlapPercent', label: 'top-25 % overlap (%)', description: 'share of the top-quartile σ that are also top-quartile |e| (random 25 %, perfect 100 %)', unit: 'percent', better: 'higher' },
  picp95: { key: 'picp95', label: 'PICP 95 %', description: 'share of values inside the central 95 % interval (ideal 0.95)', unit: 'fraction', better: 'target', target: 0.95 },
  mpiw95: { key: 'mpiw95', label: 'MPIW 95 %', description: 'mean width of the central 95 % interval', unit: 'quantity', better: 'none' },
};

export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];

/** The recalibration's σ scale (σ' = s·σ, fitted on validation): carried beside the metric sets, not in them. */
export const SIGMA_SCALE_LABEL = 'σ scale (val.)';

/** The unit of each quantity's values as stored, and ×1000 where a view shows millis. */
export const QUANTITY_UNITS: Record<QuantityName, { base: string; milli: string }> = {
  energy: { base: 'eV/atom', milli: 'meV/atom' },
  forces: { base: 'eV/Å', milli: 'meV/Å' },
};

/** 'base' shows values as the report stores them (eV); 'milli' shows quantity-unit values ×1000 (meV). */
export type DisplayScale = 'base' | 'milli';

export function quantityUnit(q: QuantityName, scale: DisplayScale = 'base'): string {
  return QUANTITY_UNITS[q][scale];
}

/** A metric's value at a display scale: quantity-unit values ×1000 in 'milli', every other value as stored. */
export function displayValue(m: MetricInfo, v: number, scale: DisplayScale): number {
  return scale === 'milli' && m.unit === 'quantity' ? v * 1000 : v;
}

/**
 * Distance from the best for ranking values of one metric: smaller is better (v for 'lower', −v for
 * 'higher', |v − target| for 'target'); undefined where the metric names no better direction.
 */
export function badness(m: Pick<MetricInfo, 'better' | 'target'>, v: number): number | undefined {
  switch (m.better) {
    case 'lower': return v;
    case 'higher': return -v;
    case 'target': return Math.abs(v - (m.target ?? 0));
    case 'none': return undefined;
  }
}
