/**
 * The error block `predict --run` prints for inputs with reference energies: in meV for eV data and in
 * kcal/mol for kcal/mol data, per element and per group, names made inert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLines, predictErrors, type ErrorLine } from '../../src/runner/commands/predict-errors';
import type { StructurePrediction } from '../../src/core/training/evaluate';
import type { Structure } from '../../src/core/structures/types';

const line = (mae: number): ErrorLine => ({ count: 4, mae, rmse: 2 * mae, maxError: 3 * mae, mace: 0.0512, picp95: 0.75, nll: 0 });

test('eV data print meV/atom and meV/Å; kcal/mol data print kcal/mol (1 kcal/mol = 43.3641 meV)', () => {
  const e = { energy: { ...line(0.0043364), structures: 4 }, forces: line(0.1), groups: { 'bad\u001bname': { structures: 2, energy: line(0.001) } } };
  const ev = errorLines(e, true);
  assert.equal(ev[0], 'errors against the reference energies in the inputs (4 structures; calibration of the recalibrated σ):');
  assert.equal(ev[1], 'energy                       MAE      4.34  RMSE      8.67  max     13.01 meV/atom   MACE 0.051  PICP95 75.0 %  (4)');
  assert.match(ev[2], /^forces\s+MAE\s+100\.00\s+RMSE\s+200\.00\s+max\s+300\.00 meV\/Å/);
  assert.match(ev[3], /^ {2}group bad\ufffdname energy/);
  const kcal = errorLines(e, false, 'kcal/mol');
  assert.match(kcal[1], /^energy\s+MAE\s+0\.1000\s+RMSE\s+0\.2000\s+max\s+0\.3000 kcal\/mol\/atom/);
  assert.match(kcal[2], /kcal\/mol\/Å/);
});

test('errors only for structures with a reference energy; none at all gives null', () => {
  const s = (name: string, energy: number | null): Structure => ({ name, source: { file: name }, species: ['H', 'H'], positions: new Float64Array(6), cell: null, pbc: [false, false, false], energy, forces: null });
  const p = (name: string, mu: number, truth: number | null): StructurePrediction => ({ name, nAtoms: 2, energy: { mu, sigma: 0.2, truth }, rows: 2 } as unknown as StructurePrediction);
  const structures = [s('a', -1), s('b', null), s('c', -2)];
  assert.equal(predictErrors([p('b', 0, null)], [structures[1]]), null);
  const e = predictErrors([p('a', -1.2, -1), p('b', 0, null), p('c', -1.9, -2)], structures)!;
  assert.equal(e.energy.structures, 2);
  // per atom: |−0.6 + 0.5| = 0.1 and |−0.95 + 1| = 0.05
  assert.ok(Math.abs(e.energy.mae - 0.075) < 1e-12);
  assert.equal(e.forces, undefined);
});
