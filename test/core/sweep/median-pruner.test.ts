import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, shouldPrune, type Curve } from '../../../src/core/sweep';

const spec = { patience: 0, warmupEpochs: 0, every: 1, startupTrials: 2, minDelta: 0 };
// Three completed trials' validation values at epochs 1..4.
const completed: Curve[] = [
  [[1, 1.0], [2, 0.8], [3, 0.6], [4, 0.5]],
  [[1, 0.9], [2, 0.7], [3, 0.5], [4, 0.4]],
  [[1, 1.2], [2, 1.0], [3, 0.9], [4, 0.8]],
];

test('median interpolates between the two middle values of an even count', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('the median test prunes a trial whose best so far is worse than the completed trials\' median at its epoch (table)', () => {
  // epoch-2 median of (0.8, 0.7, 1.0) is 0.8; epoch-3 median of (0.6, 0.5, 0.9) is 0.6.
  const rows: { curve: Curve; prune: boolean; median: number }[] = [
    { curve: [[1, 1.1], [2, 0.85]], prune: true, median: 0.8 },
    { curve: [[1, 1.1], [2, 0.8]], prune: false, median: 0.8 }, // equal is not worse
    { curve: [[1, 0.7], [2, 0.9]], prune: false, median: 0.8 }, // best so far (0.7) counts, not the latest value
    { curve: [[1, 1.1], [2, 0.9], [3, 0.61]], prune: true, median: 0.6 },
    { curve: [[1, 1.1], [2, 0.9], [3, 0.59]], prune: false, median: 0.6 },
  ];
  for (const r of rows) {
    const d = shouldPrune(r.curve, completed, spec);
    assert.equal(d.prune, r.prune, JSON.stringify(r.curve));
    assert.ok(Math.abs((d.median as number) - r.median) < 1e-12);
  }
});

test('nothing is pruned before the start-up trials completed, during warm-up or off the checking grid', () => {
  const bad: Curve = [[1, 5], [2, 5], [3, 5], [4, 5]];
  assert.equal(shouldPrune(bad, completed.slice(0, 1), spec).prune, false);
  assert.equal(shouldPrune(bad, completed, { ...spec, warmupEpochs: 5 }).prune, false);
  assert.equal(shouldPrune(bad.slice(0, 3), completed, { ...spec, every: 2 }).prune, false); // epoch 3 is off the grid
  assert.equal(shouldPrune(bad, completed, { ...spec, every: 2 }).prune, true); // epoch 4 is on it
});

test('patience 2 (the paper\'s): a bad trial still improving is kept; after 3 values without beating its earlier best it is pruned', () => {
  const p = { ...spec, patience: 2 };
  // Improving at every epoch, though worse than the median: kept.
  assert.equal(shouldPrune([[1, 3], [2, 2.5], [3, 2.0], [4, 1.5]], completed, p).prune, false);
  // Best 2.0 at epoch 1, then 2.1, 2.2, 2.05 in the window: stalled and worse than the median 0.6 at epoch 4.
  const stalled: Curve = [[1, 2.0], [2, 2.1], [3, 2.2], [4, 2.05]];
  assert.equal(shouldPrune(stalled, completed, p).prune, true);
  // Only 3 values (≤ patience + 1): too early to say.
  assert.equal(shouldPrune(stalled.slice(0, 3), completed, p).prune, false);
  // min_delta: 2.05 does not beat 2.0 − 0.1, but 1.85 does.
  assert.equal(shouldPrune([[1, 2.0], [2, 2.1], [3, 2.2], [4, 1.85]], completed, { ...p, minDelta: 0.1 }).prune, false);
});

test('completed trials without a value at the epoch are left out of the median; none at all: go on', () => {
  const d = shouldPrune([[1, 9], [2, 9], [3, 9], [4, 9], [5, 9]], completed, spec);
  assert.equal(d.prune, false);
  assert.match(d.why, /no completed trial has a value at epoch 5/);
});
