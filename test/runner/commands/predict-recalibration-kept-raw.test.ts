/**
 * `predict --run` on a run whose held-out validation folds kept raw σ (method "none"): σ is not multiplied,
 * and the line and the warnings say why instead of claiming a recalibration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { predictRecalibration, recalibrationLine } from '../../../src/runner/commands/predict-recalibration';
import type { Recalibration, UqReport } from '../../../src/protocol/report';

const example = readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'examples', 'report', 'valid.uqreport.json'), 'utf8');

function runWith(recalibration: Partial<Record<'energy' | 'forces', Recalibration>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-kept-raw-'));
  const report = JSON.parse(example) as UqReport;
  report.recalibration = recalibration;
  writeFileSync(join(dir, 'report.uqreport.json'), JSON.stringify(report));
  return dir;
}

const held = { none: 0.04, scale: 0.05, isotonic: 0.06, folds: 5 };

test('raw σ kept for every quantity: factors 1, not applied, and the note says raw σ beat both fits on held-out folds', () => {
  const r = predictRecalibration(runWith({ energy: { scale: 1.1, fittedOn: 'validation', count: 141, method: 'none', heldOutMace: held } }), false);
  assert.equal(r.applied, false);
  assert.equal(r.method, 'none');
  assert.equal(r.energyFactor, 1);
  assert.deepEqual(r.warnings, []);
  assert.equal(recalibrationLine(r), 'σ shown as the model gives it: raw σ was better calibrated on held-out validation folds than either fit (the run\'s recalibration: none)');
});

test('energy kept raw, forces scaled: forces are recalibrated, energy ×1, and the line names the kept quantity', () => {
  const r = predictRecalibration(runWith({
    energy: { scale: 2.4, fittedOn: 'validation', count: 141, method: 'none', heldOutMace: held },
    forces: { scale: 3, fittedOn: 'validation', count: 900, method: 'scale' },
  }), false);
  assert.equal(r.applied, true);
  assert.equal(r.method, 'scale');
  assert.equal(r.energyFactor, 1);
  assert.equal(r.forceFactor, 3);
  assert.deepEqual(r.keptRaw, ['energy']);
  assert.equal(recalibrationLine(r), 'σ recalibrated on the run\'s validation set (scale: energy ×1.00, forces ×3.00); energy: σ shown as the model gives it: raw σ was better calibrated on held-out validation folds than either fit; --raw for the model\'s own σ');
  assert.deepEqual(r.warnings, [
    'Energy σ is 2.4× too small on validation; raw σ shown all the same: on held-out validation folds it was better calibrated than either fit.',
    'Force σ is 3× too small on validation; recalibrated σ shown.',
  ]);
});
