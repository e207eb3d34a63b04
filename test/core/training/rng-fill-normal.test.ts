/** fillNormal is the fast form of repeated normal() calls: same numbers, same state afterwards (resume relies on it). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng';

for (const [n, std, before] of [[1, 1, 0], [7, 0.5, 1], [1000, 2, 3], [4097, 1, 0]] as const) {
  test(`fillNormal(${n}, std ${std}) after ${before} normal() draws equals ${n} normal() calls`, () => {
    const fast = new Rng(5), slow = new Rng(5);
    for (let k = 0; k < before; k++) { fast.normal(); slow.normal(); }
    const a = fast.fillNormal(new Float32Array(n), std);
    const b = Float32Array.from({ length: n }, () => slow.normal() * std);
    assert.deepEqual(a, b);
    assert.deepEqual(fast.state(), slow.state());
    assert.equal(fast.normal(), slow.normal());
  });
}
