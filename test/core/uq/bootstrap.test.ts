/**
 * Bootstrap intervals of RMSE, MAE, MACE and PICP 95 % (src/core/uq/bootstrap.ts): reproducible by seed,
 * containing the point value, narrower with more structures, against closed forms (the bootstrap of a
 * mean, the binomial bootstrap of a coverage), resampling whole structures, numpy's percentile, and the
 * recentring by the bootstrap bias that keeps MACE's point value inside its interval.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapDistributions, bootstrapIntervals, percentile, percentileInterval } from '../../../src/core/uq/bootstrap';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import { Rng } from '../../../src/core/rng';
import type { Predictions } from '../../../src/core/uq/inputs';

/** n Gaussian errors with σ = 1 scaled by `sigmaFactor` (1: calibrated). */
function gaussian(n: number, seed: number, sigmaFactor = 1): Predictions {
  const rng = new Rng(seed);
  const yTrue = Array.from({ length: n }, () => 0);
  const yPred = Array.from({ length: n }, () => rng.normal());
  return { yTrue, yPred, yStd: yTrue.map(() => sigmaFactor) };
}

test('percentile is numpy\'s linear percentile: np.percentile([1, 2, 3, 4], [2.5, 50, 97.5]) = 1.075, 2.5, 3.925', () => {
  assert.ok(Math.abs(percentile([4, 1, 3, 2], 0.025) - 1.075) < 1e-12);
  assert.equal(percentile([4, 1, 3, 2], 0.5), 2.5);
  assert.ok(Math.abs(percentile([4, 1, 3, 2], 0.975) - 3.925) < 1e-12);
  assert.deepEqual(percentileInterval([7], 0.95), [7, 7]);
});

test('the same seed gives the same intervals; another seed other ones', () => {
  const p = gaussian(60, 3);
  const a = bootstrapIntervals(p, { seed: 5 });
  assert.deepEqual(bootstrapIntervals(p, { seed: 5 }), a);
  assert.notDeepEqual(bootstrapIntervals(p, { seed: 6 }).rmse, a.rmse);
  assert.deepEqual({ level: a.level, resamples: a.resamples, seed: a.seed, structures: a.structures }, { level: 0.95, resamples: 1000, seed: 5, structures: 60 });
});

test('each interval contains the metric of the whole set (calibrated and 3× over-confident σ, 200 structures), MACE too though its resamples are biased upwards', () => {
  for (const factor of [1, 1 / 3]) {
    const p = gaussian(200, 11, factor);
    const m = evaluatePredictions(p).metrics;
    const iv = bootstrapIntervals(p);
    for (const k of ['rmse', 'mae', 'mace', 'picp95'] as const) {
      const [lo, hi] = iv[k]!;
      assert.ok(lo <= m[k] && m[k] <= hi, `σ×${factor}: ${k} ${m[k]} in [${lo}, ${hi}]`);
    }
  }
});

test('with one structure every resample is the whole set, so each resampled metric equals the report\'s value exactly', () => {
  // One resample with U draws cannot be forced, but the distributions' metrics are the report's functions:
  // with a single structure every resample is that structure, so each θ* equals the point value.
  const p: Predictions = { yTrue: [0, 0, 0, 0], yPred: [0.3, -1.2, 2.5, 0.1], yStd: [1, 1, 1, 1] };
  const d = bootstrapDistributions(p, { resamples: 5, units: [0, 0, 0, 0] });
  const m = evaluatePredictions(p).metrics;
  assert.equal(d.structures, 1);
  for (const k of ['rmse', 'mae', 'mace', 'picp95'] as const) for (const v of d[k]) assert.equal(v, m[k], k);
});

test('intervals narrow with the number of structures: 16× the structures, about a quarter of the width', () => {
  const small = bootstrapIntervals(gaussian(50, 21));
  const large = bootstrapIntervals(gaussian(800, 21));
  for (const k of ['rmse', 'mae', 'mace', 'picp95'] as const) {
    const w = (iv: typeof small) => iv[k]![1] - iv[k]![0];
    assert.ok(w(large) < 0.5 * w(small), `${k}: ${w(large)} vs ${w(small)}`);
  }
});

test('MAE of |e| = 1 … 100: the bootstrap of a mean, ≈ mean ± 1.96·s/√n with s² = (n² − 1)/12 the sample\'s own variance', () => {
  // The bootstrap distribution of a mean has variance s²/n exactly (s² the population variance of the sample);
  // for n = 100 a symmetric sample's mean is close to normal, so the 95 % interval is 50.5 ± 1.96·2.8866 = [44.842, 56.158].
  const n = 100;
  const p: Predictions = { yTrue: Array(n).fill(0), yPred: Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (i + 1)), yStd: Array(n).fill(1) };
  const se = Math.sqrt((n * n - 1) / 12 / n);
  const [lo, hi] = bootstrapIntervals(p, { resamples: 20000, metrics: ['mae'] }).mae!;
  assert.ok(Math.abs(lo - (50.5 - 1.959964 * se)) < 0.1 * se, `low ${lo}`);
  assert.ok(Math.abs(hi - (50.5 + 1.959964 * se)) < 0.1 * se, `high ${hi}`);
});

test('PICP of 18 of 20 inside: the bootstrap count is Binomial(20, 0.9), whose 2.5 % and 97.5 % quantiles are 15 and 20', () => {
  // P(X ≤ 14) = 0.0113 < 0.025 < P(X ≤ 15) = 0.0432 and P(X ≤ 19) = 0.8784 < 0.975: interval [15/20, 20/20].
  const binom = (k: number) => { let c = 1; for (let i = 0; i < k; i++) c = (c * (20 - i)) / (i + 1); return c * 0.9 ** k * 0.1 ** (20 - k); };
  const cdf = (k: number) => Array.from({ length: k + 1 }, (_, i) => binom(i)).reduce((a, b) => a + b, 0);
  assert.ok(cdf(14) < 0.025 && cdf(15) > 0.025 && cdf(19) < 0.975);
  const yPred = Array.from({ length: 20 }, (_, i) => (i < 18 ? 0.5 : 3)); // |e|/σ 0.5 inside, 3 outside 1.96
  const p: Predictions = { yTrue: Array(20).fill(0), yPred, yStd: Array(20).fill(1) };
  // Recentred by the bias estimate mean(θ*) − 0.9 (≈ 0 ± 0.001 for 5000 draws) and clipped at 1.
  const [lo, hi] = bootstrapIntervals(p, { resamples: 5000, metrics: ['picp95'] }).picp95!;
  assert.ok(Math.abs(lo - 0.75) < 0.005, `low ${lo}`);
  assert.ok(hi <= 1 && hi > 0.995, `high ${hi}`);
  assert.deepEqual(percentileInterval(bootstrapDistributions(p, { resamples: 5000, metrics: ['picp95'] }).picp95, 0.95), [0.75, 1], 'before recentring: exactly the binomial quantiles');
});

test('force components resample with their structure: 3 structures of identical components vary like 3 values, not like 9', () => {
  // Each structure's 3 components share one error, so the resampled RMSE only takes values of 3 draws.
  const errors = [1, 2, 4];
  const p: Predictions = { yTrue: Array(9).fill(0), yPred: errors.flatMap((e) => [e, e, e]), yStd: Array(9).fill(1) };
  const d = bootstrapDistributions(p, { resamples: 400, units: [0, 0, 0, 1, 1, 1, 2, 2, 2], metrics: ['rmse'] });
  assert.equal(d.structures, 3);
  const possible = new Set<number>();
  for (const a of errors) for (const b of errors) for (const c of errors) possible.add(Math.sqrt((a * a + b * b + c * c) / 3));
  for (const v of d.rmse) assert.ok([...possible].some((x) => Math.abs(x - v) < 1e-12), `${v} is the RMSE of three structures`);
  assert.equal(bootstrapDistributions(p, { resamples: 10 }).structures, 9, 'without units every value is its own unit');
});

test('the interval is the percentile interval shifted by the bootstrap bias: MACE of a calibrated set, whose resamples all lie above it', () => {
  const p = gaussian(200, 11);
  const point = evaluatePredictions(p).metrics.mace;
  const d = bootstrapDistributions(p, { metrics: ['mace'] });
  const [plo, phi] = percentileInterval(d.mace, 0.95);
  assert.ok(plo > point, `the plain percentile interval [${plo}, ${phi}] misses ${point}`);
  const bias = d.mace.reduce((a, b) => a + b, 0) / d.mace.length - point;
  const [lo, hi] = bootstrapIntervals(p, { metrics: ['mace'] }).mace!;
  assert.ok(Math.abs(lo - Math.max(0, plo - bias)) < 1e-15 && Math.abs(hi - (phi - bias)) < 1e-15, `[${lo}, ${hi}]`);
});
