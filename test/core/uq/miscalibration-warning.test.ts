import { test } from 'node:test';
import assert from 'node:assert/strict';
import { miscalibrationWarning, recalibrationWarnings } from '../../../src/core/uq/miscalibration-warning';

test('a validation scale outside [0.5, 2] is said in plain words, inside it nothing is said', () => {
  assert.equal(miscalibrationWarning({ quantity: 'energy', scale: 15 }), 'Energy σ is 15× too small on validation; recalibrated σ shown.');
  assert.equal(miscalibrationWarning({ quantity: 'force (O)', scale: 73.4 }), 'Force (O) σ is 73× too small on validation; recalibrated σ shown.');
  assert.equal(miscalibrationWarning({ quantity: 'energy', scale: 0.25 }), 'Energy σ is 4× too large on validation; recalibrated σ shown.');
  assert.equal(miscalibrationWarning({ quantity: 'energy', scale: 2.46 }), 'Energy σ is 2.5× too small on validation; recalibrated σ shown.');
  assert.match(miscalibrationWarning({ quantity: 'energy', scale: 15, shown: 'raw' })!, /15× too small on validation; raw σ shown/);
  for (const s of [0.5, 1, 1.9, 2]) assert.equal(miscalibrationWarning({ quantity: 'energy', scale: s }), null);
});

test('a report\'s warnings: energy by its scale, forces by each element', () => {
  const w = recalibrationWarnings({
    energy: { scale: 15, fittedOn: 'validation', count: 70 },
    forces: { scale: 10, fittedOn: 'validation', count: 900, perElement: { O: { scale: 73, count: 600 }, Ti: { scale: 1.2, count: 300 } } },
  });
  assert.deepEqual(w, ['Energy σ is 15× too small on validation; recalibrated σ shown.', 'Force (O) σ is 73× too small on validation; recalibrated σ shown.']);
});
