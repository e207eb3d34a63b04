import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ascendingOrder, averageRanks, topK } from '../../../src/core/uq/sorting';

const values = [3, -1, 0, -0, 2.5, -1, 1e-300, -1e300, 3, 7, -2.5, 0];

test('ascendingOrder equals a stable comparator sort, negatives, −0 and ties included', () => {
  const expected = values.map((_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
  assert.deepEqual(Array.from(ascendingOrder(values)), expected);
});

test('averageRanks gives tied values the mean of their ranks (scipy rankdata "average")', () => {
  // scipy.stats.rankdata([3, -1, 0, -0, 2.5, -1, 1e-300, -1e300, 3, 7, -2.5, 0])
  assert.deepEqual(Array.from(averageRanks(values)), [10.5, 3.5, 6, 6, 9, 3.5, 8, 1, 10.5, 12, 2, 6]);
});

test('topK keeps the largest values and breaks ties at the cut towards the earlier index', () => {
  assert.deepEqual(Array.from(topK([1, 5, 5, 5, 2], 2)), [0, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(topK([9, 5, 5, 5, 2], 3)), [1, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(topK([1, 2], 0)), [0, 0]);
});
