/**
 * Raw σ ("none", σ' = σ) is the third candidate of the default recalibration, decided on the same held-out
 * validation folds as the σ scale and the isotonic map: kept where no fit beats it, never where σ is far off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import type { Predictions } from '../../../src/core/uq/inputs';
import { recalibrationWarnings } from '../../../src/core/uq/miscalibration-warning';
import {
  chooseMethod, evaluateRecalibrated, fitRecalibration, recalibratedSigma,
} from '../../../src/core/uq/recalibrate';
import { isFittedRecalibration, keptRawSigma, recalibrationFactor } from '../../../src/core/uq/recalibration-factor';
import { normalPpf } from '../../../src/core/uq/special-functions';
import { validateReport } from '../../../src/core/report/validate-report';
import { mulberry32 } from '../../helpers/mulberry32';

/** n points with σ spread over a decade and Gaussian errors of standard deviation k·σ (k = 1: σ exact). */
function gaussianSet(seed: number, n: number, k: number): Predictions & { yTrue: number[]; yPred: number[]; yStd: number[] } {
  const r = mulberry32(seed);
  const yTrue: number[] = [], yPred: number[] = [], yStd: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = 0.001 * (1 + 9 * r());
    yTrue.push(-5 + r());
    yStd.push(s);
    yPred.push(yTrue[i] + k * s * normalPpf(r()));
  }
  return { yTrue, yPred, yStd };
}

test('exact σ on 150 points: raw σ is kept, its held-out MACE below both fits\' (seed 1: 0.0582 against 0.0643 and 0.0654)', () => {
  const fit = fitRecalibration(gaussianSet(1, 150, 1));
  const h = fit.heldOutMace!;
  assert.equal(fit.method, 'none', JSON.stringify(h));
  assert.ok(h.none < h.scale && h.none < h.isotonic, JSON.stringify(h));
  assert.ok(Math.abs(h.none - 0.05821) < 5e-5 && Math.abs(h.scale - 0.06433) < 5e-5 && Math.abs(h.isotonic - 0.06535) < 5e-5, JSON.stringify(h));
});

test('held-out raw MACE is the mean over the 5 folds (point i in fold i mod 5) of each fold\'s own raw MACE', () => {
  const v = gaussianSet(2, 150, 1);
  let sum = 0;
  for (let k = 0; k < 5; k++) {
    const idx = v.yTrue.map((_, i) => i).filter((i) => i % 5 === k);
    sum += evaluatePredictions({ yTrue: idx.map((i) => v.yTrue[i]), yPred: idx.map((i) => v.yPred[i]), yStd: idx.map((i) => v.yStd[i]) }).metrics.mace;
  }
  assert.ok(Math.abs(fitRecalibration(v).heldOutMace!.none - sum / 5) < 1e-12);
});

test('σ 3× too small on 150 points: a fit is chosen and raw σ\'s held-out MACE is several times larger', () => {
  const fit = fitRecalibration(gaussianSet(1, 150, 3));
  const h = fit.heldOutMace!;
  assert.ok(fit.method === 'scale' || fit.method === 'isotonic', fit.method);
  assert.ok(h.none > 0.25 && h.none > 4 * Math.min(h.scale, h.isotonic), JSON.stringify(h));
  assert.ok(Math.abs(fit.pooled.scale / 3 - 1) < 0.15, `scale ${fit.pooled.scale}`);
});

test('ties go to the simpler method: a fit must be lower by more than 1e-12 to replace raw σ, isotonic to replace the scale', () => {
  assert.equal(chooseMethod({ none: 0.05, scale: 0.05, isotonic: 0.05 }), 'none');
  assert.equal(chooseMethod({ none: 0.05, scale: 0.05 - 1e-13, isotonic: 0.05 }), 'none');
  assert.equal(chooseMethod({ none: 0.05, scale: 0.04, isotonic: 0.04 }), 'scale');
  assert.equal(chooseMethod({ none: 0.05, scale: 0.04, isotonic: 0.03 }), 'isotonic');
  assert.equal(chooseMethod({ none: 0.02, scale: 0.04, isotonic: 0.03 }), 'none');
  assert.equal(chooseMethod({ none: 0.05, scale: 0.06, isotonic: 0.03 }), 'isotonic');
});

test('"none" leaves σ and every metric as raw: recalibratedSigma is σ (floored), evaluateRecalibrated the raw evaluation', () => {
  const p = gaussianSet(3, 150, 2);
  const fit = fitRecalibration(p);
  assert.deepEqual(Array.from(recalibratedSigma(p.yStd, fit, 'none')), p.yStd);
  assert.deepEqual(Array.from(recalibratedSigma([0, 0.5], fit, 'none')), [1e-8, 0.5]);
  assert.deepEqual(evaluateRecalibrated(p, fit, 'none'), evaluatePredictions(p));
});

test('a report\'s "none" recalibration multiplies σ by 1, counts as not fitted, and its warning says raw σ is shown', () => {
  const none = { scale: 2.5, fittedOn: 'validation' as const, count: 141, method: 'none' as const, isotonicSigmaFactor: 2.7, perElement: { O: { scale: 3, count: 300 } } };
  assert.equal(recalibrationFactor(none), 1);
  assert.equal(recalibrationFactor(none, 'O'), 1);
  assert.equal(recalibrationFactor({ ...none, method: 'scale' }), 2.5);
  assert.equal(isFittedRecalibration(none), false);
  assert.equal(keptRawSigma(none), true);
  assert.equal(keptRawSigma({ ...none, method: 'scale' }), false);
  assert.deepEqual(recalibrationWarnings({ energy: { ...none, perElement: undefined } }), [
    'Energy σ is 2.5× too small on validation; raw σ shown all the same: on held-out validation folds it was better calibrated than either fit.',
  ]);
});

test('the report schema takes method "none" with heldOutMace.none, and an older heldOutMace without `none` still validates', () => {
  const example = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'examples', 'report', 'valid.uqreport.json'), 'utf8'));
  const withRec = (energy: object) => ({ ...example, recalibration: { energy: { ...example.recalibration.energy, ...energy } } });
  const older = withRec({ method: 'scale', heldOutMace: { scale: 0.05, isotonic: 0.06, folds: 5 } });
  assert.equal(validateReport(older).recalibration.energy!.heldOutMace!.none, undefined);
  const kept = withRec({ method: 'none', heldOutMace: { none: 0.04, scale: 0.05, isotonic: 0.06, folds: 5 } });
  assert.equal(validateReport(kept).recalibration.energy!.method, 'none');
  assert.throws(() => validateReport(withRec({ method: 'raw' })), /method/);
  assert.throws(() => validateReport(withRec({ heldOutMace: { none: -1, scale: 0.05, isotonic: 0.06, folds: 5 } })), /none/);
});
