/**
 * The report viewer's sentence on which σ is shown (webview/report/calibration-warning.ts), where held-out
 * validation folds kept raw σ for a quantity (method "none"): it never claims a recalibration there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sigmaShownText } from '../../webview/report/calibration-warning';
import type { Recalibration, UqReport } from '../../src/protocol/report';

const report = (recalibration: Partial<Record<'energy' | 'forces', Recalibration>>) => ({ recalibration }) as UqReport;
const kept: Recalibration = { scale: 1.2, fittedOn: 'validation', count: 141, method: 'none' };
const scaled: Recalibration = { scale: 3, fittedOn: 'validation', count: 900, method: 'scale' };

test('raw σ kept for every quantity: the banner says σ is shown as the model gives it, and why', () => {
  assert.equal(sigmaShownText(report({ energy: kept }), 'recalibrated'),
    'σ shown as the model gives it: raw σ was better calibrated on held-out validation folds than either fit.');
});

test('energy kept raw, forces scaled: forces recalibrated, energy named as shown raw, no energy factor', () => {
  assert.equal(sigmaShownText(report({ energy: kept, forces: scaled }), 'recalibrated'),
    'σ shown: recalibrated on the validation set (σ scale); metric tables list raw and recalibrated rows. Energy σ shown as the model gives it: raw σ was better calibrated on held-out validation folds than either fit.');
  assert.equal(sigmaShownText(report({ energy: kept, forces: scaled }), 'raw'), 'σ shown: the model\'s raw σ, not recalibrated.');
});

test('a fitted energy scale is shown with its factor, and no recalibration at all gives no banner', () => {
  assert.equal(sigmaShownText(report({ energy: { ...kept, method: 'isotonic', isotonicSigmaFactor: 2.5 } }), 'recalibrated'),
    'σ shown: recalibrated on the validation set (isotonic map, energy ×2.50); metric tables list raw and recalibrated rows.');
  assert.equal(sigmaShownText(report({ energy: { scale: 1, fittedOn: 'validation', count: 3, note: 'too few' } }), 'recalibrated'), null);
});
