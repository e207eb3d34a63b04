/** Out-of-distribution thresholds at the validation 95th percentile, and what a flag names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitOodThresholds, flagPrediction, percentile } from '../../../src/core/selection/ood';

test('percentile interpolates between order statistics as numpy does', () => {
  const v = Array.from({ length: 21 }, (_, i) => 20 - i); // 0…20, unsorted
  assert.equal(percentile(v, 95), 19);
  assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
  assert.ok(Math.abs(percentile([1, 2, 3, 4], 95) - 3.85) < 1e-12);
  assert.ok(Number.isNaN(percentile([], 95)));
});

test('thresholds per element from the validation atoms; σ threshold from the structures', () => {
  const t = fitOodThresholds([0.001, 0.002, 0.003, 0.004, 0.005], [
    ...[1, 2, 3, 4, 5].map((n) => ({ element: 'Ti', novelty: n })),
    ...[0.5, 1.5].map((n) => ({ element: 'O', novelty: n })),
  ]);
  assert.ok(Math.abs(t.sigmaPerAtom - 0.0048) < 1e-15);
  assert.ok(Math.abs(t.novelty.Ti - 4.8) < 1e-12);
  assert.ok(Math.abs(t.novelty.O - 1.45) < 1e-12);
  assert.deepEqual(Object.keys(t.novelty), ['O', 'Ti']);
  assert.equal(t.count, 5);
});

test('a flag names the atoms beyond their element\'s threshold, most novel first; an unknown element always flags', () => {
  const t = { percentile: 95, sigmaPerAtom: 0.01, novelty: { Ti: 2, O: 1 }, count: 10 };
  const inside = flagPrediction(0.005, ['Ti', 'O'], [1, 0.5], t);
  assert.deepEqual(inside, { flagged: false, sigmaRatio: 0.5, atoms: [] });
  const far = flagPrediction(0.03, ['Ti', 'O', 'O'], [3, 0.5, 4], t);
  assert.equal(far.flagged, true);
  assert.ok(Math.abs(far.sigmaRatio - 3) < 1e-12);
  assert.deepEqual(far.atoms.map((a) => [a.index, a.element, a.ratio]), [[2, 'O', 4], [0, 'Ti', 1.5]]);
  const sulfur = flagPrediction(0.001, ['Ti', 'S'], [1, Infinity], t);
  assert.equal(sulfur.flagged, true);
  assert.deepEqual(sulfur.atoms.map((a) => a.element), ['S']);
});
