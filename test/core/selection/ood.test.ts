/** Out-of-distribution thresholds at the validation 95th percentile, and what a flag names (per element and per structure). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitOodThresholds, flagPrediction, percentile } from '../../../src/core/selection/ood';
import { Rng } from '../../../src/core/rng';

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

test('atoms are named beyond their element\'s line times the structure-level ratio, worked by hand at the 50th percentile', () => {
  // Element X, 8 atoms in 4 structures: its line is the median 4.5; the structures' most novel atoms sit at
  // 2, 4, 6, 8 / 4.5, whose median is (4 + 6) / 2 / 4.5 = 10/9: atoms are named beyond 4.5 · 10/9 = 5.
  const atoms = [[1, 2], [3, 4], [5, 6], [7, 8]].flatMap((ns, structure) => ns.map((novelty) => ({ element: 'X', novelty, structure })));
  const t = fitOodThresholds([1, 2, 3, 4], atoms, 50);
  assert.ok(Math.abs(t.novelty.X - 4.5) < 1e-12);
  assert.ok(Math.abs(t.atomRatio! - 10 / 9) < 1e-12);
  const f = flagPrediction(0, ['X', 'X', 'X'], [4.8, 6, 4.9], t);
  assert.deepEqual(f.atoms.map((a) => a.index), [1]); // 4.8 and 4.9 are past the element's line, not the naming line
  assert.ok(Math.abs(f.atoms[0].ratio - 1.2) < 1e-12);
});

test('in-distribution structures of 10 atoms: named atoms in 5 % of them with the structure-level line, about 40 % without', () => {
  const rng = new Rng(7);
  const structures = Array.from({ length: 400 }, () => Array.from({ length: 10 }, () => rng.uniform()));
  const atoms = structures.flatMap((ns, structure) => ns.map((novelty) => ({ element: 'C', novelty, structure })));
  const t = fitOodThresholds(structures.map(() => 0.001), atoms);
  const named = (th: typeof t) => structures.filter((ns) => flagPrediction(0, ns.map(() => 'C'), ns, th).atoms.length > 0).length;
  assert.equal(named(t), 20); // the structures above the 95th percentile of their most novel atom: ranks 381…400
  const perAtomOnly = named({ ...t, atomRatio: undefined });
  assert.ok(perAtomOnly > 120 && perAtomOnly < 200, `${perAtomOnly}`); // 1 − 0.95¹⁰ = 40 % of 400
});

test('the structure-level ratio never lowers an element\'s line, and needs each atom\'s structure', () => {
  // One atom per structure: the most novel atom is the atom, so the ratio is exactly 1.
  const one = fitOodThresholds([1, 2, 3], [1, 2, 3].map((novelty, structure) => ({ element: 'H', novelty, structure })));
  assert.equal(one.atomRatio, 1);
  const without = fitOodThresholds([1, 2], [{ element: 'H', novelty: 1 }, { element: 'H', novelty: 2 }]);
  assert.equal(without.atomRatio, undefined);
});
