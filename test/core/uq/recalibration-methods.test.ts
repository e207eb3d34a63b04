import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import { fitCalibrationScale } from '../../../src/core/uq/calibration-scale';
import {
  applyIsotonicMap, fitIsotonicMap, isotonicHalfWidth, poolAdjacentViolators,
} from '../../../src/core/uq/isotonic-recalibration';
import { evaluateRecalibrated, fitRecalibration, recalibratedSigma } from '../../../src/core/uq/recalibrate';
import { applySigmaScale, fitSigmaScale } from '../../../src/core/uq/recalibration';
import { normalPpf } from '../../../src/core/uq/special-functions';
import type { Predictions } from '../../../src/core/uq/inputs';

/**
 * A deterministic "sample" of n errors with the given standardised quantile function: e_i = σ_i·F⁻¹(u_i),
 * u_i = (i + ½)/n visited in a scrambled order (so neighbours in index differ), σ_i spread over a decade.
 */
interface Arrays { yTrue: number[]; yPred: number[]; yStd: number[] }
function synthetic(n: number, quantile: (u: number) => number, sigmaTooSmall = 1, offset = 0.5): Arrays {
  const yTrue: number[] = [], yPred: number[] = [], yStd: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = (i * 7919) % n; // 7919 is prime: a permutation of 0…n−1 when n is not a multiple of it
    const sigma = 0.001 * (1 + 9 * ((i * 37) % 101) / 100);
    yTrue.push(-5 + 0.01 * i);
    yPred.push(yTrue[i] + sigma * sigmaTooSmall * quantile((k + offset) / n));
    yStd.push(sigma);
  }
  return { yTrue, yPred, yStd };
}
const gaussian = (u: number) => normalPpf(u);
const maceOf = (p: Predictions) => evaluatePredictions(p).metrics.mace;

test('pool adjacent violators on a hand-worked sequence', () => {
  // 1 3 2 4 3 5: (3,2) pool to 2.5, (4,3) pool to 3.5.
  assert.deepEqual(poolAdjacentViolators([1, 3, 2, 4, 3, 5]), [1, 2.5, 2.5, 3.5, 3.5, 5]);
  // 3 1 2 with weights 1 1 2: 3,1 → 2 (w 2); then 2 (w 2), 2: no violation → 2 2 2.
  assert.deepEqual(poolAdjacentViolators([3, 1, 2], [1, 1, 2]), [2, 2, 2]);
  // weighted pool: 4 (w 3) then 0 (w 1) → (12 + 0)/4 = 3.
  assert.deepEqual(poolAdjacentViolators([4, 0], [3, 1]), [3, 3]);
});

test('the isotonic map merges tied observed proportions, interpolates linearly and clips outside', () => {
  const g = fitIsotonicMap([0, 0, 0.5, 1], [0, 0.2, 0.6, 1]);
  assert.deepEqual(g.observed, [0, 0.5, 1]);
  assert.ok(Math.abs(g.expected[0] - 0.1) < 1e-15);
  assert.deepEqual(g.expected.slice(1), [0.6, 1]);
  assert.ok(Math.abs(applyIsotonicMap(g, 0.25) - 0.35) < 1e-15); // 0.1 + ½(0.6 − 0.1)
  assert.equal(applyIsotonicMap(g, -1), g.expected[0]);
  assert.equal(applyIsotonicMap(g, 2), 1);
  // a violating pair pools: observed 0.2 → expected 0.5 and 0.4 → 0.3 become 0.4 each.
  assert.deepEqual(fitIsotonicMap([0.2, 0.4], [0.5, 0.3]).expected, [0.4, 0.4]);
  // the recalibrated half-width of level p is Φ⁻¹((1 + g(p))/2)
  assert.ok(Math.abs(isotonicHalfWidth(g, 0.5) - normalPpf(0.5 + 0.6 / 2)) < 1e-15);
});

test('the plain NLL scale is the closed form √mean(e²/σ²)', () => {
  const p = { yTrue: [0, 0, 0], yPred: [1, -2, 3], yStd: [1, 1, 2] };
  // e²/σ² = 1, 4, 2.25 → mean 7.25/3
  assert.ok(Math.abs(fitSigmaScale(p).scale - Math.sqrt(7.25 / 3)) < 1e-15);
});

test('the calibration scale recovers a known miscalibration of Gaussian errors (σ 3× too small, 2× too large)', () => {
  for (const k of [3, 0.5]) {
    const fit = fitCalibrationScale(synthetic(2000, gaussian, k));
    assert.ok(Math.abs(fit.scale / k - 1) < 0.02, `k ${k}: scale ${fit.scale}`);
    assert.ok(fit.mace < 0.01, `MACE ${fit.mace}`);
  }
});

test('four huge outliers among 710 decide the NLL scale and wreck calibration; the robust scale keeps MACE low', () => {
  // 706 well-calibrated points and 4 with |e| = 300σ (the QM7 validation case: MACE 0.022 → 0.155).
  const base = synthetic(706, gaussian);
  const val: Predictions = {
    yTrue: [...base.yTrue, 0, 0, 0, 0],
    yPred: [...base.yPred, 0.3, -0.3, 0.6, -0.9],
    yStd: [...base.yStd, 0.001, 0.001, 0.002, 0.003],
  };
  const raw = maceOf(val);
  const nll = fitSigmaScale(val).scale;
  const robust = fitCalibrationScale(val).scale;
  const nllMace = maceOf({ ...val, yStd: applySigmaScale(val.yStd, nll) });
  const robustMace = maceOf({ ...val, yStd: applySigmaScale(val.yStd, robust) });
  assert.ok(raw < 0.02, `raw MACE ${raw}`);
  assert.ok(nll > 10, `NLL scale ${nll}`); // √((706 + 4·300²)/710) ≈ 22.5
  assert.ok(nllMace > 0.3, `NLL-scaled validation MACE ${nllMace}`);
  assert.ok(Math.abs(robust - 1) < 0.05, `robust scale ${robust}`);
  assert.ok(robustMace < 0.02, `robust validation MACE ${robustMace}`);
  // and on a fresh, outlier-free test set from the same model
  const testSet = synthetic(780, gaussian, 1, 0.25);
  assert.ok(maceOf({ ...testSet, yStd: applySigmaScale(testSet.yStd, robust) }) < 0.02);
  assert.ok(maceOf({ ...testSet, yStd: applySigmaScale(testSet.yStd, nll) }) > 0.3);
  // the report's default recalibration is the robust one
  const fit = fitRecalibration(val);
  assert.equal(fit.pooled.scale, robust);
  assert.ok(Math.abs(fit.pooled.nllScale - nll) < 1e-12);
  assert.ok(evaluateRecalibrated(testSet, fit, fit.method).metrics.mace < 0.03);
});

test('heavy-tailed errors: held-out folds pick the isotonic map, which calibrates the test set better than any scale', () => {
  // Laplace errors (unit variance: b = 1/√2) with σ 4× too small.
  const laplace = (u: number) => (u < 0.5 ? Math.log(2 * u) : -Math.log(2 - 2 * u)) / Math.SQRT2;
  const val = synthetic(1500, laplace, 4);
  const testSet = synthetic(1000, laplace, 4, 0.3);
  const fit = fitRecalibration(val);
  assert.equal(fit.method, 'isotonic', JSON.stringify(fit.heldOutMace));
  assert.ok(fit.heldOutMace!.isotonic < fit.heldOutMace!.scale);
  const iso = evaluateRecalibrated(testSet, fit, 'isotonic').metrics;
  const scale = evaluateRecalibrated(testSet, fit, 'scale').metrics;
  assert.ok(iso.mace < 0.015 && iso.mace < scale.mace, `test MACE isotonic ${iso.mace}, scale ${scale.mace}`);
  assert.ok(Math.abs(iso.picp95 - 0.95) < 0.02, `PICP95 ${iso.picp95}`);
  assert.ok(iso.maceQuantile < 0.02, `quantile MACE ${iso.maceQuantile}`);
});

test('Gaussian errors: the scale stays the default (no isotonic gain on held-out folds)', () => {
  const fit = fitRecalibration(synthetic(1000, gaussian, 15));
  assert.equal(fit.method, 'scale', JSON.stringify(fit.heldOutMace));
  assert.ok(Math.abs(fit.pooled.scale / 15 - 1) < 0.03, `scale ${fit.pooled.scale}`);
  const ev = evaluateRecalibrated(synthetic(780, gaussian, 15, 0.3), fit, fit.method).metrics;
  assert.ok(ev.mace < 0.02, `test MACE ${ev.mace} with ${fit.method}`);
});

test('forces per element: each element gets its own scale and σ′ uses it', () => {
  const ti = synthetic(600, gaussian, 3), o = synthetic(600, gaussian, 0.5, 0.4);
  const val: Predictions = { yTrue: [...ti.yTrue, ...o.yTrue], yPred: [...ti.yPred, ...o.yPred], yStd: [...ti.yStd, ...o.yStd] };
  const groups = [...ti.yTrue.map(() => 'Ti'), ...o.yTrue.map(() => 'O')];
  const fit = fitRecalibration(val, { groups });
  assert.deepEqual(Object.keys(fit.groups!), ['O', 'Ti']);
  assert.ok(Math.abs(fit.groups!.Ti.scale / 3 - 1) < 0.03, `Ti ${fit.groups!.Ti.scale}`);
  assert.ok(Math.abs(fit.groups!.O.scale / 0.5 - 1) < 0.03, `O ${fit.groups!.O.scale}`);
  const s = recalibratedSigma([0.01, 0.01], fit, 'scale', ['Ti', 'O']);
  assert.ok(Math.abs(s[0] - 0.01 * fit.groups!.Ti.scale) < 1e-15 && Math.abs(s[1] - 0.01 * fit.groups!.O.scale) < 1e-15);
  const per = evaluateRecalibrated(val, fit, 'scale', groups).metrics.mace;
  const pooledOnly = evaluateRecalibrated(val, { pooled: fit.pooled }, 'scale').metrics.mace;
  assert.ok(per < 0.02 && pooledOnly > 0.05, `per-element MACE ${per}, one scale for both ${pooledOnly}`);
});

test('the scale method evaluates exactly as σ multiplied by the scale; all-zero errors leave σ alone', () => {
  const p = synthetic(300, gaussian, 2);
  const fit = fitRecalibration(p);
  const a = evaluateRecalibrated(p, fit, 'scale').metrics;
  const b = evaluatePredictions({ ...p, yStd: applySigmaScale(p.yStd, fit.pooled.scale) }).metrics;
  assert.deepEqual(a, b);
  const zero = fitRecalibration({ yTrue: [1, 2], yPred: [1, 2], yStd: [0.1, 0.2] });
  assert.equal(zero.pooled.scale, 1);
  assert.equal(zero.method, 'scale');
  assert.match(zero.note ?? '', /zero/);
});

test('an element with fewer than 20 validation values takes the pooled fit, and says so', () => {
  const many = synthetic(600, gaussian, 2), few = synthetic(10, gaussian, 50, 0.3);
  const val = { yTrue: [...many.yTrue, ...few.yTrue], yPred: [...many.yPred, ...few.yPred], yStd: [...many.yStd, ...few.yStd] };
  const groups = [...many.yTrue.map(() => 'O'), ...few.yTrue.map(() => 'S')];
  const fit = fitRecalibration(val, { groups });
  assert.match(fit.groups!.S.note ?? '', /pooled/);
  const s = recalibratedSigma([1], fit, fit.method, ['S']);
  assert.equal(s[0], fit.method === 'scale' ? fit.pooled.scale : fit.pooled.isotonicSigmaFactor);
});
