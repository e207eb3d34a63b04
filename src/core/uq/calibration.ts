/**
 * Average calibration, exactly as uncertainty-toolbox 0.1.1 defines it (metrics_calibration.py):
 *   r_i = (ŷ_i − y_i)/σ_i, expected proportions p_j = linspace(0, 1, 100);
 *   interval form: o(p) = #{ Φ⁻¹(½ − p/2) ≤ r_i ≤ Φ⁻¹(½ + p/2) } / n  (both ends inclusive);
 *   quantile form: o(p) = #{ r_i ≤ Φ⁻¹(p) } / n;
 *   RMSCE = √mean_j (p_j − o_j)², MACE = mean_j |p_j − o_j|;
 *   miscalibration area = ∫₀¹ |o(p) − p| dp with o linear between the levels (the toolbox traces the
 *   polygon between the curve and the diagonal; on a segment where o − p changes sign the area is the
 *   two triangles, Δp·(d₀² + d₁²)/(2(|d₀| + |d₁|))).
 * ECE₁₀ (methods.md §6): MACE of the interval form over p = 0.05, 0.15, …, 0.95.
 * σ is floored at 1e−8 (inputs.ts), so σ = 0 gives a defined (very overconfident) curve.
 */
import { flooredSigma, linspace, type Vector } from './inputs';
import { normalPpf } from './special-functions';
import { lowerBound, upperBound } from './sorting';

export type ProportionType = 'interval' | 'quantile';

export interface CalibrationScores {
  /** √mean (p − o)² */
  rmsce: number;
  /** mean |p − o| */
  mace: number;
  /** ∫|o(p) − p| dp, piecewise linear */
  miscalibrationArea: number;
}

/** Sorted normalised residuals (ŷ − y)/σ. */
export function sortedNormalisedResiduals(yTrue: Vector, yPred: Vector, yStd: Vector): Float64Array {
  const s = flooredSigma(yStd);
  const r = new Float64Array(yTrue.length);
  for (let i = 0; i < r.length; i++) r[i] = (yPred[i] - yTrue[i]) / s[i];
  return r.sort();
}

/** Observed proportions o(p) for each expected proportion p, from sorted normalised residuals. */
export function observedProportions(sortedResiduals: Float64Array, expected: number[], type: ProportionType): number[] {
  const n = sortedResiduals.length;
  return expected.map((p) => {
    if (type === 'quantile') return upperBound(sortedResiduals, normalPpf(p)) / n;
    const lower = normalPpf(0.5 - p / 2);
    const upper = normalPpf(0.5 + p / 2);
    return Math.max(0, upperBound(sortedResiduals, upper) - lowerBound(sortedResiduals, lower)) / n;
  });
}

/** The 100 expected proportions linspace(0, 1, 100). */
export function calibrationLevels(count = 100): number[] {
  return linspace(0, 1, count);
}

export function rmsce(expected: number[], observed: number[]): number {
  let s = 0;
  for (let i = 0; i < expected.length; i++) s += (expected[i] - observed[i]) ** 2;
  return Math.sqrt(s / expected.length);
}

export function mace(expected: number[], observed: number[]): number {
  let s = 0;
  for (let i = 0; i < expected.length; i++) s += Math.abs(expected[i] - observed[i]);
  return s / expected.length;
}

export function miscalibrationArea(expected: number[], observed: number[]): number {
  let area = 0;
  for (let i = 0; i + 1 < expected.length; i++) {
    const d0 = observed[i] - expected[i];
    const d1 = observed[i + 1] - expected[i + 1];
    const dx = expected[i + 1] - expected[i];
    const a0 = Math.abs(d0);
    const a1 = Math.abs(d1);
    if (d0 * d1 >= 0) area += ((a0 + a1) / 2) * dx;
    else area += (dx * (d0 * d0 + d1 * d1)) / (2 * (a0 + a1));
  }
  return area;
}

export function calibrationScores(expected: number[], observed: number[]): CalibrationScores {
  return { rmsce: rmsce(expected, observed), mace: mace(expected, observed), miscalibrationArea: miscalibrationArea(expected, observed) };
}

/** The ten ECE levels 0.05, 0.15, …, 0.95. */
export const ECE10_LEVELS = Array.from({ length: 10 }, (_, i) => 0.05 + 0.1 * i);

/** ECE₁₀ = mean over p ∈ {0.05, …, 0.95} of |p − o(p)| (interval form). */
export function ece10(sortedResiduals: Float64Array): number {
  return mace(ECE10_LEVELS, observedProportions(sortedResiduals, ECE10_LEVELS, 'interval'));
}
