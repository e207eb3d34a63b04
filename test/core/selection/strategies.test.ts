/** Selection strategies: σ ranking, seeded random draws, and σ-with-diversity that skips near-duplicates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankByScore, selectStructures } from '../../../src/core/selection/strategies';

test('sigma picks the K largest σ, ties in input order', () => {
  assert.deepEqual(rankByScore([0.1, 0.5, 0.3, 0.5, 0.2]), [1, 3, 2, 4, 0]);
  assert.deepEqual(selectStructures('sigma', { scores: [0.1, 0.5, 0.3, 0.5, 0.2], count: 3, seed: 1 }), [1, 3, 2]);
  assert.deepEqual(selectStructures('sigma', { scores: [0.1, 0.2], count: 5, seed: 1 }), [1, 0]);
});

test('random: the same seed gives the same distinct picks, another seed others', () => {
  const scores = Array.from({ length: 50 }, () => 1);
  const a = selectStructures('random', { scores, count: 10, seed: 7 });
  assert.deepEqual(selectStructures('random', { scores, count: 10, seed: 7 }), a);
  assert.equal(new Set(a).size, 10);
  assert.notDeepEqual(selectStructures('random', { scores, count: 10, seed: 8 }), a);
});

test('sigma-diverse: three copies of the most uncertain structure do not fill the batch', () => {
  // Structures 0-2: one configuration (the same fingerprint), σ 1.0, 0.99, 0.98; 3 and 4 elsewhere, σ 0.5, 0.4.
  const fp = (x: number, y: number) => Float64Array.from([x, y]);
  const fingerprints = [fp(0, 0), fp(0, 0), fp(0, 0), fp(5, 0), fp(0, 5)];
  const scores = [1.0, 0.99, 0.98, 0.5, 0.4];
  assert.deepEqual(selectStructures('sigma', { scores, count: 3, seed: 1 }), [0, 1, 2]);
  const picks = selectStructures('sigma-diverse', { scores, fingerprints, count: 3, seed: 1 });
  assert.deepEqual(picks, [0, 3, 4]);
});

test('sigma-diverse weighs σ against distance: a slightly closer but far more uncertain structure wins', () => {
  const fingerprints = [[0, 0], [3, 0], [4, 0]].map((v) => Float64Array.from(v));
  // After 0: candidate 1 scores 0.9 · 3/3.5, candidate 2 scores 0.1 · 4/3.5 (median distance 3.5).
  const picks = selectStructures('sigma-diverse', { scores: [1, 0.9, 0.1], fingerprints, count: 2, seed: 1 });
  assert.deepEqual(picks, [0, 1]);
});

test('sigma-diverse with only duplicates left fills up by σ to the size asked for', () => {
  const fingerprints = [0, 0, 0].map(() => Float64Array.from([1, 1]));
  assert.deepEqual(selectStructures('sigma-diverse', { scores: [0.3, 0.2, 0.1], fingerprints, count: 3, seed: 1 }), [0, 1, 2]);
});
