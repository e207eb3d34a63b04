/**
 * Recalibration of one quantity, fitted on validation: per group of points (the element of each force
 * component; one group for energies) a robust σ scale s (calibration-scale.ts) and, on top of it, an
 * isotonic map g (isotonic-recalibration.ts), so that
 *   "none":     σ' = σ (nothing fitted: σ as the model gives it);
 *   "scale":    σ' = s_g·σ;
 *   "isotonic": |e|/σ ~ s_g·Q_g, Q_g(p) = Φ⁻¹((1 + g(p))/2), with σ' = s_g·Q_g(p₁)·σ as its ±1σ.
 * Which of the three is the default is decided on held-out data, never on the points a map was fitted
 * on (there the isotonic map is calibrated by construction): K-fold cross-validation on the validation
 * set (folds by `units`, e.g. the structure of each force component, so correlated components stay
 * together), both fits made on K−1 folds and applied to the remaining one, raw σ evaluated on the same
 * fold; the mean held-out interval MACE over the folds decides. Rule, simplest first: a more complex
 * method must be strictly lower (by more than 1e−12) than every simpler one, so
 *   method = argmin over [none, scale, isotonic] of M_m, the first of equal values winning.
 * Raw σ is a candidate because on small validation sets (~100 structures) a fitted map's own noise can
 * cost more than raw σ's miscalibration (paper-7815: 2 of 40 runs keep raw σ, and both calibrate the
 * test set better: test/bench/recalibration-candidates.ts). Too few points for folds keeps the scale.
 */
import { RECALIBRATION_METHODS, type RecalibrationMethod, type UqEvaluation } from '../../protocol/report';
import { calibrationLevels, calibrationScores, ECE10_LEVELS, mace } from './calibration';
import { fitCalibrationScale, levelHalfWidths } from './calibration-scale';
import { evaluatePredictions } from './evaluate';
import { flooredSigma, type Predictions } from './inputs';
import {
  ONE_SIGMA_LEVEL, fitIsotonicRecalibration, isotonicHalfWidth, type IsotonicMap,
} from './isotonic-recalibration';
import { fitSigmaScale } from './recalibration';

export type { RecalibrationMethod };

export interface GroupRecalibrationFit {
  /** robust scale s (minimises validation MACE, NLL tie-break) */
  scale: number;
  /** plain NLL optimum √mean(e²/σ²), for reference */
  nllScale: number;
  count: number;
  /** g, fitted on e/(s·σ); absent when the scale could not be fitted */
  isotonic?: IsotonicMap;
  /** σ_iso/σ = s·Q(p₁) */
  isotonicSigmaFactor?: number;
  note?: string;
}

export interface RecalibrationFit {
  /** every point together (for energies the only group) */
  pooled: GroupRecalibrationFit;
  /** one fit per group label, when groups were given; these are what `apply` uses */
  groups?: Record<string, GroupRecalibrationFit>;
  method: RecalibrationMethod;
  /** held-out interval MACE of each method (mean over the folds; `none`: raw σ), when cross-validated */
  heldOutMace?: { none: number; scale: number; isotonic: number; folds: number };
  note?: string;
}

export interface RecalibrationOptions {
  /** group label per point (e.g. element); absent: one group */
  groups?: readonly string[];
  /** cross-validation unit per point (points of one unit share a fold); absent: each point its own */
  units?: ArrayLike<number>;
  /** K (default 5) */
  folds?: number;
  /** fewest points for cross-validation (default 50); below it the scale is the default */
  minPointsForFolds?: number;
}

function subset(p: Predictions, idx: number[]): Predictions {
  return { yTrue: idx.map((i) => p.yTrue[i]), yPred: idx.map((i) => p.yPred[i]), yStd: idx.map((i) => p.yStd[i]) };
}

export function fitGroup(p: Predictions): GroupRecalibrationFit {
  const robust = fitCalibrationScale(p);
  const nll = fitSigmaScale(p);
  const out: GroupRecalibrationFit = { scale: robust.scale, nllScale: nll.scale, count: robust.count };
  if (robust.note) return { ...out, note: robust.note };
  const g = fitIsotonicRecalibration({ ...p, yStd: Array.from(p.yStd, (s) => s * robust.scale) });
  return { ...out, isotonic: g, isotonicSigmaFactor: robust.scale * isotonicHalfWidth(g, ONE_SIGMA_LEVEL) };
}

/** A group (element) with fewer values than this takes the pooled fit (its own would be mostly noise). */
export const MIN_GROUP_POINTS = 20;

function groupIndices(n: number, groups?: readonly string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = groups ? groups[i] : '';
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(i);
  }
  return m;
}

function fitGroups(p: Predictions, idx: number[], groups?: readonly string[]): { pooled: GroupRecalibrationFit; groups?: Record<string, GroupRecalibrationFit> } {
  const pooled = fitGroup(subset(p, idx));
  if (!groups) return { pooled };
  const byGroup = groupIndices(idx.length, idx.map((i) => groups[i]));
  const out: Record<string, GroupRecalibrationFit> = {};
  for (const [g, local] of [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    out[g] = local.length < MIN_GROUP_POINTS
      ? { scale: pooled.scale, nllScale: pooled.nllScale, count: local.length, note: `fewer than ${MIN_GROUP_POINTS} values: the pooled fit applies` }
      : fitGroup(subset(p, local.map((k) => idx[k])));
  }
  return { pooled, groups: out };
}

/** The fit that applies to a point of group `label` (the pooled one for an unseen or unfitted group). */
export function groupFit(fit: Pick<RecalibrationFit, 'pooled' | 'groups'>, label?: string): GroupRecalibrationFit {
  const g = label !== undefined ? fit.groups?.[label] : undefined;
  return g && !g.note ? g : fit.pooled;
}

/**
 * Per point and level j, whether |e|/σ lies inside the recalibrated central interval of level p_j
 * (half-width s_g·Q_g(p_j) for "isotonic", s_g·Φ⁻¹((1 + p_j)/2) for "scale", Φ⁻¹((1 + p_j)/2) for "none").
 * Returns the count inside per level over the given points.
 */
function insideCounts(p: Predictions, idx: number[], levels: number[], fit: Pick<RecalibrationFit, 'pooled' | 'groups'>, method: RecalibrationMethod, groups?: readonly string[]): number[] {
  const counts = new Array<number>(levels.length).fill(0);
  const unit = levelHalfWidths(levels);
  const cache = new Map<GroupRecalibrationFit, number[]>();
  const s = flooredSigma(p.yStd);
  for (const i of idx) {
    const f = groupFit(fit, groups?.[i]);
    let hw = cache.get(f);
    if (!hw) {
      const g = method === 'isotonic' ? f.isotonic : undefined;
      const k = method === 'none' ? 1 : f.scale;
      hw = levels.map((lv, j) => k * (g ? isotonicHalfWidth(g, lv) : unit[j]));
      cache.set(f, hw);
    }
    const a = Math.abs(p.yPred[i] - p.yTrue[i]) / s[i];
    for (let j = 0; j < levels.length; j++) if (a <= hw[j]) counts[j]++;
  }
  return counts;
}

export function fitRecalibration(validation: Predictions, options: RecalibrationOptions = {}): RecalibrationFit {
  const n = validation.yTrue.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const fitted = fitGroups(validation, all, options.groups);
  if (fitted.pooled.note) return { ...fitted, method: 'scale', note: fitted.pooled.note };
  const K = options.folds ?? 5;
  const units = options.units;
  const fold = (i: number) => (units ? units[i] : i) % K;
  const folds = Array.from({ length: K }, () => [] as number[]);
  for (let i = 0; i < n; i++) folds[fold(i)].push(i);
  if (n < (options.minPointsForFolds ?? 50) || folds.some((f) => f.length === 0)) {
    return { ...fitted, method: 'scale', note: `too few validation points (${n}) to compare raw σ and the two recalibrations on held-out folds; σ scale used` };
  }
  // Mean over folds of each fold's own MACE, not the MACE of the pooled held-out counts: pooling lets
  // every fold's quantiles be estimated from the other folds' points, so the pooled curve of any
  // empirical-quantile method (the isotonic map) is calibrated by construction (as in cross-conformal
  // prediction) and the comparison would always favour it, even on exactly Gaussian errors.
  const levels = calibrationLevels(100);
  const sums: Record<RecalibrationMethod, number> = { none: 0, scale: 0, isotonic: 0 };
  for (let k = 0; k < K; k++) {
    const train = all.filter((i) => fold(i) !== k);
    const foldFit = fitGroups(validation, train, options.groups);
    for (const m of RECALIBRATION_METHODS) {
      const c = insideCounts(validation, folds[k], levels, foldFit, m, options.groups);
      sums[m] += mace(levels, c.map((x) => x / folds[k].length));
    }
  }
  const heldOut = { none: sums.none / K, scale: sums.scale / K, isotonic: sums.isotonic / K, folds: K };
  return { ...fitted, method: chooseMethod(heldOut), heldOutMace: heldOut };
}

/** The simplest method whose held-out MACE no simpler one beats: a more complex one must be lower by > 1e−12. */
export function chooseMethod(heldOut: Record<RecalibrationMethod, number>): RecalibrationMethod {
  let best: RecalibrationMethod = RECALIBRATION_METHODS[0];
  for (const m of RECALIBRATION_METHODS) if (heldOut[m] < heldOut[best] - 1e-12) best = m;
  return best;
}

/** σ' per point for the method (σ floored at 1e−8 first, so σ = 0 becomes a small positive σ'; "none": that σ). */
export function recalibratedSigma(yStd: ArrayLike<number>, fit: Pick<RecalibrationFit, 'pooled' | 'groups'>, method: RecalibrationMethod, groups?: readonly string[]): Float64Array {
  const s = flooredSigma(yStd);
  if (method === 'none') return s;
  for (let i = 0; i < s.length; i++) {
    const f = groupFit(fit, groups?.[i]);
    s[i] *= method === 'isotonic' && f.isotonicSigmaFactor !== undefined ? f.isotonicSigmaFactor : f.scale;
  }
  return s;
}

/**
 * Every metric of `evaluatePredictions` for recalibrated σ. "none": the raw evaluation (σ' = σ).
 * "scale": exactly that, with σ' = s_g·σ.
 * "isotonic": the Gaussian scores (NLL, CRPS, check, interval, sharpness, ranking) from σ' = s_g·Q_g(p₁)·σ,
 * and every calibration quantity (both curves, RMSCE, MACE, areas, ECE₁₀, PICP and MPIW at 95 %) from
 * the recalibrated distribution itself (central p-interval ŷ ± s_g·Q_g(p)·σ; quantile u ≥ ½ at
 * ŷ + s_g·Q_g(2u − 1)·σ, mirrored below ½).
 */
export function evaluateRecalibrated(p: Predictions, fit: Pick<RecalibrationFit, 'pooled' | 'groups'>, method: RecalibrationMethod, groups?: readonly string[], where = {}): UqEvaluation {
  if (method === 'none') return evaluatePredictions(p, where);
  const ev = evaluatePredictions({ ...p, yStd: recalibratedSigma(p.yStd, fit, method, groups) }, where);
  if (method === 'scale') return ev;
  const n = p.yTrue.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const expected = ev.curves.expected;
  const interval = insideCounts(p, idx, expected, fit, 'isotonic', groups).map((c) => c / n);
  // Quantile form: r = (ŷ − y)/σ ≤ t(u), t(u) = ±s·Q(|2u − 1|): for u ≥ ½ that is r ≤ 0 or |r| ≤ s·Q,
  // for u < ½ it is r < 0 and |r| ≥ s·Q (the boundary counts as below: r ≤ t).
  const qLevels = expected.map((u) => Math.abs(2 * u - 1));
  const counts = new Array<number>(expected.length).fill(0);
  const s0 = flooredSigma(p.yStd);
  const cache = new Map<GroupRecalibrationFit, number[]>();
  for (let i = 0; i < n; i++) {
    const f = groupFit(fit, groups?.[i]);
    let hw = cache.get(f);
    if (!hw) cache.set(f, (hw = qLevels.map((lv) => f.scale * (f.isotonic ? isotonicHalfWidth(f.isotonic, lv) : levelHalfWidths([lv])[0]))));
    const r = (p.yPred[i] - p.yTrue[i]) / s0[i], a = Math.abs(r);
    for (let j = 0; j < expected.length; j++) {
      if (expected[j] >= 0.5 ? r <= 0 || a <= hw[j] : r < 0 && a >= hw[j]) counts[j]++;
    }
  }
  const quantile = counts.map((c) => c / n);
  const ci = calibrationScores(expected, interval);
  const cq = calibrationScores(expected, quantile);
  const ece = mace(ECE10_LEVELS, insideCounts(p, idx, ECE10_LEVELS, fit, 'isotonic', groups).map((c) => c / n));
  const picp95 = insideCounts(p, idx, [0.95], fit, 'isotonic', groups)[0] / n;
  let width = 0;
  for (let i = 0; i < n; i++) {
    const f = groupFit(fit, groups?.[i]);
    width += 2 * s0[i] * f.scale * (f.isotonic ? isotonicHalfWidth(f.isotonic, 0.95) : 1.959963984540054);
  }
  return {
    ...ev,
    metrics: {
      ...ev.metrics,
      rmsce: ci.rmsce, mace: ci.mace, miscalibrationArea: ci.miscalibrationArea,
      rmsceQuantile: cq.rmsce, maceQuantile: cq.mace, miscalibrationAreaQuantile: cq.miscalibrationArea,
      ece10: ece, picp95, mpiw95: width / n,
    },
    curves: { expected, interval, quantile },
  };
}
