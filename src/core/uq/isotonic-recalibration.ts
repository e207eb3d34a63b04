/**
 * Isotonic recalibration as uncertainty-toolbox does it (recalibration.py, iso_recal and
 * get_interval_recalibrator): on validation, compute the interval-form observed proportions o_j at the
 * expected levels p_j = linspace(0, 1, 100), and fit an increasing map g from observed to expected by
 * isotonic regression (sklearn's IsotonicRegression(out_of_bounds="clip") fitted on (o_j, p_j): points
 * with the same o are merged into their mean p, then pool-adjacent-violators; g is linear between the
 * knots and constant beyond them). To obtain a central interval holding p of the mass, use the raw
 * interval of nominal level g(p):
 *   half-width(p) = σ·Q(p),   Q(p) = Φ⁻¹((1 + g(p))/2),
 * i.e. the recalibrated predictive distribution is ŷ + σ·T with |T| having the quantile function Q:
 * same centre and the same ordering of points by σ, a new shape shared by all points.
 * A single σ is still needed (prediction tables, the Gaussian scores): σ_iso = Q(p₁)·σ with
 * p₁ = erf(1/√2) ≈ 0.6827, the half-width of the recalibrated "±1σ" interval.
 * Alone, g cannot widen σ more than Φ⁻¹(0.995) ≈ 2.58× below the 100 % level (its widest nominal
 * interval short of 1 is p = 0.99): recalibrate.ts therefore fits it on σ already multiplied by the
 * robust scale (calibration-scale.ts), so the map only corrects the shape.
 */
import { calibrationLevels, observedProportions, sortedNormalisedResiduals } from './calibration';
import type { Predictions } from './inputs';
import { erf, normalPpf } from './special-functions';
import type { IsotonicMap } from '../../protocol/report';

export type { IsotonicMap };

/** p₁ = P(|Z| ≤ 1) for a standard normal Z. */
export const ONE_SIGMA_LEVEL = erf(1 / Math.SQRT2);

/**
 * Weighted least-squares isotonic (non-decreasing) fit of y in the order given: pool adjacent
 * violators. Returns one fitted value per input.
 */
export function poolAdjacentViolators(y: ArrayLike<number>, w?: ArrayLike<number>): number[] {
  const means: number[] = [], weights: number[] = [], sizes: number[] = [];
  for (let i = 0; i < y.length; i++) {
    means.push(y[i]); weights.push(w ? w[i] : 1); sizes.push(1);
    while (means.length > 1 && means[means.length - 2] > means[means.length - 1]) {
      const m1 = means.pop()!, w1 = weights.pop()!, n1 = sizes.pop()!;
      const k = means.length - 1;
      const wt = weights[k] + w1;
      means[k] = (means[k] * weights[k] + m1 * w1) / wt;
      weights[k] = wt;
      sizes[k] += n1;
    }
  }
  const out: number[] = [];
  for (let b = 0; b < means.length; b++) for (let k = 0; k < sizes[b]; k++) out.push(means[b]);
  return out;
}

/** g fitted on (observed, expected) pairs: ties in `observed` merged to their mean expected, then PAV. */
export function fitIsotonicMap(observed: number[], expected: number[]): IsotonicMap {
  const order = observed.map((_, i) => i).sort((i, j) => observed[i] - observed[j] || expected[i] - expected[j]);
  const xs: number[] = [], ys: number[] = [], ws: number[] = [];
  for (const i of order) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === observed[i]) {
      ys[last] = (ys[last] * ws[last] + expected[i]) / (ws[last] + 1);
      ws[last] += 1;
    } else {
      xs.push(observed[i]); ys.push(expected[i]); ws.push(1);
    }
  }
  return { observed: xs, expected: poolAdjacentViolators(ys, ws) };
}

/** g(x): linear between knots, clipped to the end knots outside them (numpy.interp). */
export function applyIsotonicMap(g: IsotonicMap, x: number): number {
  const xs = g.observed, ys = g.expected, n = xs.length;
  if (n === 0) return x;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid; else hi = mid;
  }
  const t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

/** The map fitted on validation predictions (interval form, 100 levels). */
export function fitIsotonicRecalibration(p: Predictions): IsotonicMap {
  const expected = calibrationLevels(100);
  return fitIsotonicMap(observedProportions(sortedNormalisedResiduals(p.yTrue, p.yPred, p.yStd), expected, 'interval'), expected);
}

/** Q(p) = Φ⁻¹((1 + g(p))/2): the recalibrated half-width of the central p-interval, in units of σ. */
export function isotonicHalfWidth(g: IsotonicMap, level: number): number {
  const nominal = Math.min(1, Math.max(0, applyIsotonicMap(g, level)));
  return nominal >= 1 ? Infinity : normalPpf(0.5 + nominal / 2);
}

/** σ_iso/σ = Q(p₁): the factor that gives each point its recalibrated "±1σ" half-width. */
export function isotonicSigmaFactor(g: IsotonicMap): number {
  return isotonicHalfWidth(g, ONE_SIGMA_LEVEL);
}
