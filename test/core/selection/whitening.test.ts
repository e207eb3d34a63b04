/** The whitened descriptor distance: correlated features, worked by hand, and the diagonal distance it replaces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainingSample } from '../../../src/core/data/samples';
import type { Standardisation, StructureDescriptors } from '../../../src/core/descriptors/types';
import { atomNovelty } from '../../../src/core/selection/fingerprint';
import { atomDistance } from '../../../src/core/selection/ood';
import { fitWhitening, whitenedNovelty, whiteningMatrix } from '../../../src/core/selection/whitening';

const std: Standardisation[] = [{ element: 'X', mean: new Float64Array([0, 0]), scale: new Float64Array([1, 1]) }];
/** Atoms of element X with these 2-feature descriptors. */
function descriptors(rows: number[][]): StructureDescriptors {
  return { n: rows.length, dims: new Int32Array(rows.map(() => 2)), offsets: new Int32Array(rows.map((_, i) => 2 * i).concat(2 * rows.length)), values: new Float64Array(rows.flat()) };
}
const sample = (rows: number[][]): TrainingSample => ({ name: 's', nAtoms: rows.length, element: new Int32Array(rows.length), energy: NaN, forces: null, descriptors: descriptors(rows) });

test('correlation 0.8 between two features: along it an atom is near, across it far (by hand)', () => {
  // C = [[1, .8], [.8, 1]], λ = 1e-3·tr C/2 = 1e-3: eigenvalues 1.801 along (1, 1) and 0.201 across (1, −1), so
  // d² = |g|²/λ_k / 2 = 1/1.801 and 1/0.201.
  const w = { X: whiteningMatrix(new Float64Array([1, 0, 0.8, 1]), 2, 1) };
  const d = whitenedNovelty(descriptors([[1, 1], [1, -1]]), ['X', 'X'], std, w);
  assert.ok(Math.abs(d[0] - Math.sqrt(1 / 1.801)) < 1e-12, `${d[0]}`);
  assert.ok(Math.abs(d[1] - Math.sqrt(1 / 0.201)) < 1e-12, `${d[1]}`);
  assert.deepEqual(Array.from(atomNovelty(descriptors([[1, 1], [1, -1]]), ['X', 'X'], std)), [1, 1]); // the diagonal distance cannot tell them apart
});

test('fitted on training atoms that move both features together, a combination never trained on is far though each feature is in range', () => {
  // Training g̃ ∈ {(1, 1), (−1, −1)}: C = [[1, 1], [1, 1]], λ = 1e-3; eigenvalues 2.001 and 0.001.
  const w = fitWhitening([sample([[1, 1], [-1, -1]]), sample([[1, 1]]), sample([[-1, -1]])], ['X'], std);
  const d = atomDistance(descriptors([[1, 1], [1, -1]]), ['X', 'X'], std, { whitening: w });
  assert.ok(Math.abs(d[0] - Math.sqrt(1 / 2.001)) < 1e-9, `${d[0]}`);
  assert.ok(Math.abs(d[1] - Math.sqrt(1 / 0.001)) < 1e-6, `${d[1]}`);
});

test('without a whitening the distance is the diagonal one; an element never trained on is infinitely far', () => {
  const d = descriptors([[3, 4], [0, 0]]);
  assert.deepEqual(Array.from(atomDistance(d, ['X', 'X'], std, null)), Array.from(atomNovelty(d, ['X', 'X'], std)));
  assert.deepEqual(Array.from(atomDistance(d, ['X', 'X'], std, {})), [Math.sqrt(12.5), 0]);
  assert.equal(atomDistance(d, ['X', 'S'], std, { whitening: { X: [1, 0, 1] } })[1], Infinity);
});
