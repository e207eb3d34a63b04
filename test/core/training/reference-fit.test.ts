import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitReferenceEnergies } from '../../../src/core/training/reference-fit';

const rep = (el: string, n: number) => Array.from({ length: n }, () => el);

test('two stoichiometries determine both references: the least-squares fit recovers them exactly', () => {
  // E = n_Ti·(−1604.6) + n_O·(−432.5) exactly, for TiO2 and Ti2O3 cells.
  const E = (ti: number, o: number) => ti * -1604.6 + o * -432.5;
  const data = [
    { species: [...rep('Ti', 2), ...rep('O', 4)], energy: E(2, 4) },
    { species: [...rep('Ti', 4), ...rep('O', 6)], energy: E(4, 6) },
    { species: [...rep('Ti', 1), ...rep('O', 2)], energy: E(1, 2) },
  ];
  const f = fitReferenceEnergies(data, ['Ti', 'O'], {});
  assert.ok(Math.abs(f.reference.Ti - -1604.6) < 1e-8, String(f.reference.Ti));
  assert.ok(Math.abs(f.reference.O - -432.5) < 1e-8, String(f.reference.O));
  assert.deepEqual(f.fitted, ['O', 'Ti']);
  assert.equal(f.rankDeficient, false);
  assert.ok(f.rmsPerAtom < 1e-7);
});

test('least squares with noise: the hand-solved normal equations of three structures', () => {
  // X = [[1,1],[2,1],[1,2]] (H, C counts), y = [3, 5.1, 4.2]: XᵀX = [[6,5],[5,6]], Xᵀy = [17.4, 16.5]
  // → β_H = (6·17.4 − 5·16.5)/11 = 21.9/11, β_C = (6·16.5 − 5·17.4)/11 = 12/11.
  const f = fitReferenceEnergies([
    { species: ['H', 'C'], energy: 3 },
    { species: ['H', 'H', 'C'], energy: 5.1 },
    { species: ['H', 'C', 'C'], energy: 4.2 },
  ], ['H', 'C'], {});
  const [h, c] = [21.9 / 11, 12 / 11];
  assert.ok(Math.abs(f.reference.H - h) < 1e-9, String(f.reference.H));
  assert.ok(Math.abs(f.reference.C - c) < 1e-9, String(f.reference.C));
  const res = [(3 - h - c) / 2, (5.1 - 2 * h - c) / 3, (4.2 - h - 2 * c) / 3];
  assert.ok(Math.abs(f.rmsPerAtom - Math.sqrt(res.reduce((a, r) => a + r * r, 0) / 3)) < 1e-9);
});

test('one stoichiometry (only TiO2): rank deficient, the ridge picks the smallest-norm pair that fits every structure', () => {
  const data = [1, 2, 4].map((k) => ({ species: [...rep('Ti', k), ...rep('O', 2 * k)], energy: k * -2469.6 }));
  const f = fitReferenceEnergies(data, ['Ti', 'O'], {});
  assert.equal(f.rankDeficient, true);
  // E_Ti + 2·E_O = −2469.6 with (E_Ti, E_O) ∝ (1, 2): E_Ti = −2469.6/5, E_O = 2·E_Ti.
  // The undetermined direction only carries rounding (≈ 1e-16·|Xᵀy|/λ); the determined combination is exact.
  assert.ok(Math.abs(f.reference.Ti - -493.92) < 1e-5, String(f.reference.Ti));
  assert.ok(Math.abs(f.reference.O - -987.84) < 1e-5, String(f.reference.O));
  assert.ok(Math.abs(f.reference.Ti + 2 * f.reference.O - -2469.6) < 1e-8);
});

test('a given reference stays fixed and the fit finds the others from what is left', () => {
  const E = (ti: number, o: number) => ti * -1604.6 + o * -432.5;
  const data = [1, 2, 4].map((k) => ({ species: [...rep('Ti', k), ...rep('O', 2 * k)], energy: E(k, 2 * k) }));
  const f = fitReferenceEnergies(data, ['Ti'], { O: -432.5 });
  assert.equal(f.reference.O, -432.5);
  assert.ok(Math.abs(f.reference.Ti - -1604.6) < 1e-6);
  assert.deepEqual(f.fitted, ['Ti']);
  assert.equal(f.rankDeficient, false);
});

test('an element neither given nor fitted is a located error', () => {
  assert.throws(() => fitReferenceEnergies([{ species: ['Ti', 'O'], energy: -2000 }], ['Ti'], {}), /no reference energy for O/);
});
