import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import { gaussianNll, gaussianNllNo2pi } from '../../../src/core/uq/scoring-rules';
import { loadUqCases } from './uq-reference';

const HALF_LOG_2PI = 0.9189385332046727; // ½·ln(2π)

test('the two NLL variants differ by exactly ½·log 2π on every reference case', () => {
  for (const c of loadUqCases()) {
    const m = evaluatePredictions({ yTrue: c.y_true, yPred: c.y_pred, yStd: c.y_std }).metrics;
    assert.ok(Math.abs(m.nll - m.nllNo2pi - HALF_LOG_2PI) < 1e-12, `${c.name}: ${m.nll} − ${m.nllNo2pi}`);
    // and the with-2π value is uncertainty-toolbox's
    const ref = (c.metrics.scoring_rules as Record<string, number>).nll;
    assert.ok(Math.abs(m.nllNo2pi - (ref - HALF_LOG_2PI)) < 1e-9 * Math.abs(ref), c.name);
  }
});

test('tiny σ (below the old 1 meV/atom clamp, and zero) keeps the exact ½·log 2π difference', () => {
  // σ = 1e-4: NLL no 2π by hand = ½[ln(1e-8) + (2e-4/1e-4)²] = ½(−18.420680743952367 + 4).
  const y = { yTrue: [0], yPred: [2e-4], yStd: [1e-4] };
  const by = 0.5 * (Math.log(1e-8) + 4);
  assert.ok(Math.abs(gaussianNllNo2pi(y.yTrue, y.yPred, y.yStd) - by) < 1e-12);
  assert.ok(Math.abs(gaussianNll(y.yTrue, y.yPred, y.yStd) - (by + HALF_LOG_2PI)) < 1e-12);
  // Mixed tiny, zero (floored at 1e-8) and ordinary σ.
  const p = { yTrue: [0, 1, 2, 3], yPred: [1e-6, 1.0001, 2.01, 3], yStd: [1e-7, 5e-4, 0.02, 0] };
  const d = gaussianNll(p.yTrue, p.yPred, p.yStd) - gaussianNllNo2pi(p.yTrue, p.yPred, p.yStd);
  assert.ok(Math.abs(d - HALF_LOG_2PI) < 1e-9, `difference ${d}`);
});
