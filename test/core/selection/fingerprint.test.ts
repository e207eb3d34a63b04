/** Structure fingerprints pool standardised descriptors per element; atom novelty is √mean G̃². */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atomNovelty, structureFingerprint } from '../../../src/core/selection/fingerprint';
import type { Standardisation, StructureDescriptors } from '../../../src/core/descriptors/types';

// Two elements with 2 features each: A (mean [1, 0], scale [1, 0.5]) and B (mean [0, 0], scale [2, 0]).
const std: Standardisation[] = [
  { element: 'A', mean: Float64Array.from([1, 0]), scale: Float64Array.from([1, 0.5]) },
  { element: 'B', mean: Float64Array.from([0, 0]), scale: Float64Array.from([2, 0]) },
];
const desc = (rows: number[][]): StructureDescriptors => ({
  n: rows.length, dims: Int32Array.from(rows.map(() => 2)), offsets: Int32Array.from([0, ...rows.map((_, i) => 2 * (i + 1))]), values: Float64Array.from(rows.flat()),
});

test('fingerprint: per-element mean of G̃ in element order; an absent element gives zeros', () => {
  // A atoms (3, 2) and (1, 4) → G̃ (2, 1) and (0, 2), mean (1, 1.5); one B atom (1, 7) → (2, 0).
  assert.deepEqual(Array.from(structureFingerprint(desc([[3, 2], [1, 7], [1, 4]]), ['A', 'B', 'A'], std)), [1, 1.5, 2, 0]);
  assert.deepEqual(Array.from(structureFingerprint(desc([[3, 2]]), ['A'], std)), [2, 1, 0, 0]);
});

test('fingerprint: a supercell (every atom twice) sits on its cell', () => {
  const cell = structureFingerprint(desc([[3, 2], [1, 7]]), ['A', 'B'], std);
  const twice = structureFingerprint(desc([[3, 2], [1, 7], [3, 2], [1, 7]]), ['A', 'B', 'A', 'B'], std);
  assert.deepEqual(Array.from(twice), Array.from(cell));
});

test('novelty: √mean G̃² over the features that varied in training; an unknown element is infinitely novel', () => {
  const n = atomNovelty(desc([[3, 2], [1, 7], [0, 0]]), ['A', 'B', 'C'], std);
  assert.ok(Math.abs(n[0] - Math.sqrt((4 + 1) / 2)) < 1e-15);
  assert.equal(n[1], 2); // B's second feature was constant in training: left out
  assert.equal(n[2], Infinity);
});
