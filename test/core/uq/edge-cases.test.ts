import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocatedError } from '../../../src/core/errors';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import type { UqMetricSet } from '../../../src/protocol/report';

function assertNoNaN(m: UqMetricSet): void {
  for (const [k, v] of Object.entries(m)) assert.ok(v === null || Number.isFinite(v), `${k} = ${v}`);
}

test('σ = 0 is floored at 1e-8: every metric is finite, the point counts as far outside its interval', () => {
  const ev = evaluatePredictions({ yTrue: [0, 1, 2], yPred: [0.1, 1.1, 2], yStd: [0, 0.1, 0.1] });
  assertNoNaN(ev.metrics);
  // NLL of the σ = 0 point: ½(0.1/1e-8)² dominates.
  assert.ok(ev.metrics.nll > 1e12);
  assert.ok(ev.metrics.picp95 < 1);
});

test('one point: accuracy and calibration are defined, correlations are null (undefined), not NaN', () => {
  const ev = evaluatePredictions({ yTrue: [1], yPred: [1.5], yStd: [0.5] });
  assertNoNaN(ev.metrics);
  assert.equal(ev.metrics.mae, 0.5);
  assert.equal(ev.metrics.spearman, null);
  assert.equal(ev.metrics.pearson, null);
  assert.equal(ev.metrics.r2, null);
  assert.equal(ev.metrics.corr, null);
  assert.equal(ev.metrics.topQuartileOverlapPercent, 100);
});

test('all errors zero: errors are 0, every point is inside every interval, rank correlations are null', () => {
  const ev = evaluatePredictions({ yTrue: [1, 2, 3, 4], yPred: [1, 2, 3, 4], yStd: [0.1, 0.2, 0.3, 0.4] });
  assertNoNaN(ev.metrics);
  assert.equal(ev.metrics.rmse, 0);
  assert.equal(ev.metrics.marpd, 0);
  assert.equal(ev.metrics.r2, 1);
  assert.equal(ev.metrics.picp95, 1);
  assert.deepEqual(ev.curves.interval, ev.curves.expected.map(() => 1));
  assert.equal(ev.metrics.spearman, null);
});

test('NaN, infinity, negative σ, length mismatch and empty input are located errors', () => {
  const bad = [
    [{ yTrue: [1, NaN], yPred: [1, 2], yStd: [1, 1] }, /y_true\[1\]/],
    [{ yTrue: [1, 2], yPred: [1, Infinity], yStd: [1, 1] }, /y_pred\[1\]/],
    [{ yTrue: [1, 2], yPred: [1, 2], yStd: [1, -1] }, /y_std\[1\].*negative/],
    [{ yTrue: [1, 2], yPred: [1], yStd: [1, 1] }, /y_pred has 1 values but y_true has 2/],
    [{ yTrue: [], yPred: [], yStd: [] }, /no predictions/],
  ] as const;
  for (const [input, msg] of bad) {
    assert.throws(() => evaluatePredictions(input, { file: 'p.json' }), (e: unknown) => e instanceof LocatedError && msg.test(e.message) && e.location.file === 'p.json');
  }
});

test('binned |e| vs σ: 10 equal-count bins in σ order', () => {
  const n = 50;
  const yStd = Array.from({ length: n }, (_, i) => (n - i) / 100);
  const ev = evaluatePredictions({ yTrue: new Array(n).fill(0), yPred: yStd.map((s) => 2 * s), yStd });
  assert.equal(ev.errorVsSigma.length, 10);
  assert.ok(ev.errorVsSigma.every((b) => b.count === 5));
  assert.ok(ev.errorVsSigma[0].sigmaMax < ev.errorVsSigma[9].sigmaMin);
  // |e| = 2σ exactly here, so each bin's mean |e| is twice its mean σ.
  for (const b of ev.errorVsSigma) assert.ok(Math.abs(b.meanAbsError - 2 * b.meanSigma) < 1e-15);
});
