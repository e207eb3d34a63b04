import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySigmaScale, fitSigmaScale } from '../../../src/core/uq/recalibration';
import { gaussianNll } from '../../../src/core/uq/scoring-rules';
import { loadUqCases } from './uq-reference';

const overconfident = loadUqCases().find((c) => c.name.startsWith('overconfident'))!;

test('a σ scale fitted on one half of the overconfident case lowers the NLL on the other half', () => {
  // Alternate points: even indices play validation, odd ones test.
  const pick = (v: number[], odd: number) => v.filter((_, i) => i % 2 === odd);
  const val = { yTrue: pick(overconfident.y_true, 0), yPred: pick(overconfident.y_pred, 0), yStd: pick(overconfident.y_std, 0) };
  const testSet = { yTrue: pick(overconfident.y_true, 1), yPred: pick(overconfident.y_pred, 1), yStd: pick(overconfident.y_std, 1) };
  const fit = fitSigmaScale(val);
  // The case's σ is 0.6× too small, so the fitted scale must widen σ (towards 1/0.6).
  assert.ok(fit.scale > 1.3 && fit.scale < 2.1, `scale ${fit.scale}`);
  const raw = gaussianNll(testSet.yTrue, testSet.yPred, testSet.yStd);
  const recal = gaussianNll(testSet.yTrue, testSet.yPred, applySigmaScale(testSet.yStd, fit.scale));
  assert.ok(recal < raw - 0.1, `test NLL ${raw} → ${recal}`);
});

test('the closed-form scale is the NLL minimum on the data it was fitted on', () => {
  const c = overconfident;
  const { scale } = fitSigmaScale({ yTrue: c.y_true, yPred: c.y_pred, yStd: c.y_std });
  const nllAt = (s: number) => gaussianNll(c.y_true, c.y_pred, applySigmaScale(c.y_std, s));
  assert.ok(nllAt(scale) < nllAt(scale * 1.01));
  assert.ok(nllAt(scale) < nllAt(scale * 0.99));
});

test('all-zero validation errors leave σ unscaled, with the reason', () => {
  const fit = fitSigmaScale({ yTrue: [1, 2], yPred: [1, 2], yStd: [0.1, 0.2] });
  assert.equal(fit.scale, 1);
  assert.match(fit.note ?? '', /zero/);
});
