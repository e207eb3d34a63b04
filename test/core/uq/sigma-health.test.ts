/**
 * σ health (src/core/uq/sigma-health.ts): collapsed, over- and under-confident, healthy and unknown at the
 * bounds the miscalibration warning uses, so the badge and the warning sentence agree; and the small-n
 * sentence every view shows below 30 structures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sigmaHealth, SIGMA_COLLAPSE } from '../../../src/core/uq/sigma-health';
import { miscalibrationWarning, SCALE_WARNING_BOUNDS } from '../../../src/core/uq/miscalibration-warning';
import { smallSampleWarning } from '../../../src/core/uq/small-sample';

test('the scale classifies σ: > 10 collapsed, (2, 10] over-confident, [0.5, 2] healthy, < 0.5 under-confident', () => {
  const state = (scale: number) => sigmaHealth({ scale }).state;
  assert.equal(state(123), 'collapsed');
  assert.equal(state(10.01), 'collapsed');
  assert.equal(state(10), 'over-confident');
  assert.equal(state(2.01), 'over-confident');
  assert.equal(state(2), 'healthy');
  assert.equal(state(1), 'healthy');
  assert.equal(state(0.5), 'healthy');
  assert.equal(state(0.49), 'under-confident');
  assert.equal(SIGMA_COLLAPSE.scale, 10);
});

test('the badge agrees with the miscalibration warning: a warning exactly where σ is not healthy', () => {
  for (const scale of [0.1, 0.3, 0.49, 0.5, 0.9, 1, 1.9, 2, 2.1, 5, 15, 123]) {
    const warned = miscalibrationWarning({ quantity: 'energy', scale }) !== null;
    assert.equal(sigmaHealth({ scale }).state !== 'healthy', warned, `scale ${scale}`);
  }
  assert.deepEqual(SCALE_WARNING_BOUNDS, { low: 0.5, high: 2 });
});

test('σ below 1 % of the RMSE is collapsed even without a fitted scale (the fast LRT example: 0.36 against 189 meV/atom)', () => {
  const h = sigmaHealth({ rmsSigma: 0.36e-3, rmse: 0.189 });
  assert.equal(h.state, 'collapsed');
  assert.equal(h.detail, 'RMS σ is 0.19 % of the RMSE');
  assert.equal(sigmaHealth({ rmsSigma: 0.002, rmse: 0.189 }).state, 'unknown', '1.06 % is not collapsed; no scale: unknown');
  assert.equal(sigmaHealth({ scale: 1.2, rmsSigma: 0.36e-3, rmse: 0.189 }).state, 'collapsed', 'the collapse check wins over a healthy scale');
});

test('the detail names the factor as the warning does, and the scale is kept for the badge', () => {
  assert.deepEqual(sigmaHealth({ scale: 15 }), { state: 'collapsed', scale: 15, label: 'σ collapsed', detail: 'σ is 15× too small on validation' });
  assert.equal(sigmaHealth({ scale: 0.25 }).detail, 'σ is 4× too large on validation');
  assert.equal(sigmaHealth({ scale: 0.91 }).label, 'σ healthy');
  assert.equal(sigmaHealth({ scale: 0.91 }).detail, 'σ is 1.1× too large on validation (within ×0.5–2)');
  assert.deepEqual(sigmaHealth({}), { state: 'unknown', label: 'σ health unknown', detail: 'no validation-fitted σ scale' });
  assert.equal(sigmaHealth({ scale: Number.NaN }).state, 'unknown');
});

test('fewer than 30 structures: "n = 10: too few test structures for these numbers to mean much"; none from 30', () => {
  assert.equal(smallSampleWarning(10, 'test'), 'n = 10: too few test structures for these numbers to mean much');
  assert.equal(smallSampleWarning(29, 'validation'), 'n = 29: too few validation structures for these numbers to mean much');
  assert.equal(smallSampleWarning(30, 'test'), null);
  assert.equal(smallSampleWarning(150, 'test'), null);
});
