/**
 * The σ scale that makes σ best calibrated on validation, robust to a handful of outliers.
 *
 * With σ' = s·σ and a_i = |e_i|/σ_i, the interval-form observed proportion at level p is
 *   o_s(p) = #{a_i ≤ s·q_p}/n,   q_p = Φ⁻¹((1 + p)/2),
 * and the calibration error is MACE(s) = mean_p |p − o_s(p)| over the 100 levels linspace(0, 1, 100)
 * (calibration.ts). We take s* = argmin_s MACE(s) (uncertainty-toolbox's own σ recalibrator,
 * get_std_recalibrator, minimises the same criterion), and among the s tied at the minimum (MACE is a
 * step function of s) the one with the lowest NLL, i.e. the one nearest the NLL optimum s_nll.
 *
 * Why not the NLL optimum alone: s_nll² = mean a_i² (recalibration.ts) is a mean of squares, so k points
 * with a ≫ 1 add k·a²/n: 4 of 710 validation points with a = 100 push s_nll² from 1 to 57 and wreck
 * the calibration of the other 706 (QM7: validation MACE 0.022 → 0.155). In MACE(s) each point moves
 * any o_s(p) by at most 1/n, so k outliers change MACE(s) by at most k/n at every s and cannot move the
 * minimiser far. For truly Gaussian a the two estimates agree (o_s(p) → p at s = 1 either way).
 *
 * The minimum is searched on a grid in log s (801 points over a factor 10⁴ around the median-based
 * estimate s₀ = median(a)/Φ⁻¹(¾), then 201 points between the best point's neighbours): 0.03 %
 * resolution, O(10⁵·log n) work whatever n is.
 */
import { calibrationLevels } from './calibration';
import { flooredSigma, type Predictions } from './inputs';
import { normalPpf } from './special-functions';
import { upperBound } from './sorting';

export interface CalibrationScaleFit {
  /** s* (1 when there is nothing to fit: see `note`) */
  scale: number;
  /** MACE of s*·σ on the fitting data */
  mace: number;
  count: number;
  note?: string;
}

/** Sorted |e|/σ (σ floored at 1e−8). */
export function sortedAbsZ(p: Predictions): Float64Array {
  const s = flooredSigma(p.yStd);
  const a = new Float64Array(s.length);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(p.yPred[i] - p.yTrue[i]) / s[i];
  return a.sort();
}

/** q_p = Φ⁻¹((1 + p)/2) for the 100 calibration levels (q = ∞ at p = 1). */
export function levelHalfWidths(levels: number[] = calibrationLevels(100)): number[] {
  return levels.map((p) => (p >= 1 ? Infinity : normalPpf(0.5 + p / 2)));
}

/** MACE of the interval form for σ' = s·σ, from sorted a = |e|/σ. */
export function maceAtScale(sortedA: Float64Array, s: number, levels: number[] = calibrationLevels(100), q: number[] = levelHalfWidths(levels)): number {
  const n = sortedA.length;
  let sum = 0;
  for (let j = 0; j < levels.length; j++) sum += Math.abs(levels[j] - upperBound(sortedA, s * q[j]) / n);
  return sum / levels.length;
}

/** s* = argmin MACE(s), NLL tie-break; see the file comment. */
export function fitCalibrationScale(p: Predictions): CalibrationScaleFit {
  const a = sortedAbsZ(p);
  const n = a.length;
  if (n === 0 || a[n - 1] === 0) return { scale: 1, mace: n ? maceAtScale(a, 1) : 0, count: n, note: 'every validation error is zero; σ left unscaled' };
  const levels = calibrationLevels(100);
  const q = levelHalfWidths(levels);
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += a[i] * a[i];
  m2 /= n;
  // NLL(s) − const = log s + m2/(2s²): convex in log s, minimum at s² = m2.
  const nll = (s: number) => Math.log(s) + m2 / (2 * s * s);
  const median = n % 2 ? a[(n - 1) / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
  const s0 = median > 0 ? median / normalPpf(0.75) : Math.sqrt(m2);
  let best = { s: s0, mace: Infinity, nll: Infinity };
  const consider = (s: number) => {
    const m = maceAtScale(a, s, levels, q);
    const l = nll(s);
    if (m < best.mace - 1e-12 || (Math.abs(m - best.mace) <= 1e-12 && l < best.nll)) best = { s, mace: m, nll: l };
  };
  const lo = Math.log(s0) - Math.log(100), hi = Math.log(s0) + Math.log(100), coarse = 800;
  const step = (hi - lo) / coarse;
  for (let k = 0; k <= coarse; k++) consider(Math.exp(lo + k * step));
  const centre = Math.log(best.s);
  for (let k = 0; k <= 200; k++) consider(Math.exp(centre - step + (2 * step * k) / 200));
  return { scale: best.s, mace: best.mace, count: n };
}
