/**
 * How far to trust a metric computed on n structures: bootstrap intervals (Efron & Tibshirani,
 * "An Introduction to the Bootstrap", ch. 13) of RMSE, MAE, MACE and PICP 95 %.
 *
 * Method. The U structures of a set are the resampling units (force components move with their
 * structure, since the components of one structure share its errors). B times (default 1000), U units
 * are drawn with replacement from a seeded generator (src/core/rng.ts), every value of a drawn unit is
 * taken once per draw, and each metric θ*_b is recomputed on that resample by the same functions the
 * report uses (accuracy.ts, intervals.ts; MACE as calibration-scale.ts's maceAtScale at s = 1, the interval
 * form on 100 levels: −q_p ≤ r ≤ q_p ⇔ |r| ≤ q_p, so it equals calibration.ts's MACE). The interval at
 * level 1 − α is the percentile interval of θ*_1 … θ*_B recentred on the point value θ̂:
 *   [ Q(α/2) − b, Q(1 − α/2) − b ],   b = mean(θ*) − θ̂  (the bootstrap's bias estimate),
 * clipped to the metric's range ([0, ∞) for errors, [0, 1] for MACE and PICP); Q is numpy's default
 * ("linear") percentile: with the sorted θ*, h = (B − 1)·q and Q(q) = θ*_(⌊h⌋) + (h − ⌊h⌋)·(θ*_(⌊h⌋+1) − θ*_(⌊h⌋)).
 * The same seed gives the same interval.
 *
 * Why recentred: MACE is a distance from the diagonal, and the noise a resample adds to the calibration
 * curve moves it away from the diagonal on average, so θ* is biased upwards: for a well calibrated set of
 * 200 structures (MACE 0.013) the plain percentile interval is [0.014, 0.049] and misses the value it is
 * about. Shifted by b it says how far the value moves between samples of this size, around the value
 * itself. For RMSE, MAE and PICP b is a small fraction of the width and the shift changes little.
 *
 * Cost: each resample is O(N) (N values), with no sort: the values are ordered once by |r|, r = (ŷ − y)/σ
 * the normalised residual, and a resample keeps that order, so its sorted |r| come out sorted.
 */
import { mae, rmse } from './accuracy';
import { calibrationLevels } from './calibration';
import { levelHalfWidths, maceAtScale, sortedAbsZ } from './calibration-scale';
import { flooredSigma, residuals, type Predictions } from './inputs';
import { picp } from './intervals';
import { ascendingOrder } from './sorting';
import { Rng } from '../rng';
import { INTERVAL_METRIC_KEYS, type IntervalMetricKey, type MetricIntervals } from '../../protocol/report';

export const BOOTSTRAP_DEFAULTS = { resamples: 1000, level: 0.95, seed: 1 } as const;

export interface BootstrapOptions {
  /** B, the number of resamples (default 1000) */
  resamples?: number;
  /** the interval's level (default 0.95) */
  level?: number;
  /** the generator's seed (default 1) */
  seed?: number;
  /** the structure (resampling unit) of each value, 0-based; absent: every value is its own unit */
  units?: ArrayLike<number>;
  /** which metrics (default all four) */
  metrics?: readonly IntervalMetricKey[];
}

/** numpy.percentile(values, 100·q) with the default linear interpolation; `values` need not be sorted. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** The central percentile interval [Q((1 − level)/2), Q((1 + level)/2)]. */
export function percentileInterval(values: ArrayLike<number>, level: number = BOOTSTRAP_DEFAULTS.level): [number, number] {
  return [percentile(values, (1 - level) / 2), percentile(values, (1 + level) / 2)];
}

/** The unit of each value, numbered 0 … count − 1 in order of first appearance. */
function unitTable(n: number, units: ArrayLike<number> | undefined): { count: number; unitOf: Uint32Array } {
  const unitOf = new Uint32Array(n);
  if (!units) {
    for (let i = 0; i < n; i++) unitOf[i] = i;
    return { count: n, unitOf };
  }
  // Renumbered densely, so units given as structure indices with gaps still draw only real structures.
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let id = ids.get(units[i]);
    if (id === undefined) ids.set(units[i], (id = ids.size));
    unitOf[i] = id;
  }
  return { count: ids.size, unitOf };
}

/**
 * The bootstrap distribution θ*_1 … θ*_B of each metric (see the file comment): for tests and for anyone
 * who wants more than the interval.
 */
export function bootstrapDistributions(p: Predictions, o: BootstrapOptions = {}): Record<IntervalMetricKey, Float64Array> & { structures: number } {
  const B = o.resamples ?? BOOTSTRAP_DEFAULTS.resamples;
  const keys = o.metrics ?? INTERVAL_METRIC_KEYS;
  const n = p.yTrue.length;
  const { count: U, unitOf } = unitTable(n, o.units);
  // Values in ascending order of |r| = |e|/σ (σ floored as every metric floors it): each resample below
  // keeps this order, so its |r| are sorted without sorting.
  const s = flooredSigma(p.yStd);
  const e = residuals(p.yTrue, p.yPred);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.abs(e[i] / s[i]);
  const order = ascendingOrder(a);
  const levels = calibrationLevels(100);
  const halfWidths = levelHalfWidths(levels);
  const rng = new Rng(o.seed ?? BOOTSTRAP_DEFAULTS.seed);
  const draws = new Uint32Array(U);
  const out = Object.fromEntries(INTERVAL_METRIC_KEYS.map((k) => [k, new Float64Array(keys.includes(k) ? B : 0)])) as Record<IntervalMetricKey, Float64Array>;
  for (let b = 0; b < B; b++) {
    draws.fill(0);
    for (let k = 0; k < U; k++) draws[Math.floor(rng.uniform() * U)]++;
    let m = 0;
    for (let i = 0; i < n; i++) m += draws[unitOf[i]];
    const yt = new Float64Array(m), yp = new Float64Array(m), ys = new Float64Array(m), as = new Float64Array(m);
    let j = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      for (let c = draws[unitOf[i]]; c > 0; c--, j++) { yt[j] = p.yTrue[i]; yp[j] = p.yPred[i]; ys[j] = p.yStd[i]; as[j] = a[i]; }
    }
    if (keys.includes('rmse')) out.rmse[b] = rmse(yt, yp);
    if (keys.includes('mae')) out.mae[b] = mae(yt, yp);
    if (keys.includes('mace')) out.mace[b] = maceAtScale(as, 1, levels, halfWidths);
    if (keys.includes('picp95')) out.picp95[b] = picp(yt, yp, ys, 0.95);
  }
  return { ...out, structures: U };
}

/** Each metric's range, for clipping the recentred interval. */
const RANGE: Record<IntervalMetricKey, [number, number]> = { rmse: [0, Infinity], mae: [0, Infinity], mace: [0, 1], picp95: [0, 1] };

/** The metrics of the whole set, by the functions the resamples use. */
function pointValues(p: Predictions): Record<IntervalMetricKey, number> {
  return { rmse: rmse(p.yTrue, p.yPred), mae: mae(p.yTrue, p.yPred), mace: maceAtScale(sortedAbsZ(p), 1), picp95: picp(p.yTrue, p.yPred, p.yStd, 0.95) };
}

/** Bootstrap intervals of RMSE, MAE, MACE (interval form, 100 levels) and PICP 95 %: see the file comment. */
export function bootstrapIntervals(p: Predictions, o: BootstrapOptions = {}): MetricIntervals {
  const level = o.level ?? BOOTSTRAP_DEFAULTS.level;
  const resamples = o.resamples ?? BOOTSTRAP_DEFAULTS.resamples;
  const seed = o.seed ?? BOOTSTRAP_DEFAULTS.seed;
  const keys = o.metrics ?? INTERVAL_METRIC_KEYS;
  const d = bootstrapDistributions(p, { ...o, resamples, seed });
  const point = pointValues(p);
  const out: MetricIntervals = { level, resamples, seed, structures: d.structures };
  for (const k of keys) {
    let sum = 0;
    for (const v of d[k]) sum += v;
    const bias = sum / d[k].length - point[k];
    const [lo, hi] = percentileInterval(d[k], level);
    const [min, max] = RANGE[k];
    out[k] = [Math.min(max, Math.max(min, lo - bias)), Math.min(max, Math.max(min, hi - bias))];
  }
  return out;
}
