import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseAenetPotential, loadAenetPotential } from '../../../src/core/aenet/read-potential';
import { createAenetModel } from '../../../src/core/aenet/model';
import { AenetPredictor } from '../../../src/core/aenet/predictor';
import type { Structure } from '../../../src/core/structures/types';
import { networkRecords, records, setupRecords, trainsetRecords } from './fortran-fixtures';

const fitDir = path.join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'tio2-full-7815', 'aenet-fit');

/** Deterministic weights in (−a, a): a small LCG, so the test needs no random seed handling. */
function weights(rows: number, cols: number, a: number, seed: number): number[][] {
  let s = seed;
  const next = () => { s = (s * 1103515245 + 12345) % 2147483648; return (s / 2147483648 * 2 - 1) * a; };
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

// Chebyshev radial 4.0 Å / N 5, angular 3.2 Å / N 3, ENV (Ti, O): 2·(5 + 3 + 2) = 20 inputs; 20 → 8 → 6 → 1.
function synthetic(atom: string, seed: number, fa: number[]) {
  const nsf = 20;
  return parseAenetPotential(records([
    ...networkRecords({ nodes: [nsf, 8, 6, 1], fa, weights: [weights(8, nsf + 1, 0.3, seed), weights(6, 9, 0.5, seed + 1), weights(1, 7, 0.8, seed + 2)] }),
    ...setupRecords({ atom, env: ['Ti', 'O'], radial: [4, 5], angular: [3.2, 3],
      avg: Array.from({ length: nsf }, (_, k) => 0.1 * k), cov: Array.from({ length: nsf }, (_, k) => 0.01 * k * k + 1 + k) }),
    ...trainsetRecords({ types: ['O', 'Ti'], eAtom: [-432.5, -1604.6], scale: 0.2, shift: -3.8 }),
  ]), `${atom}.synthetic.nn`);
}

const cell = Float64Array.from([4.6, 0, 0, 0.3, 4.5, 0, 0.2, -0.1, 3.0]);
// a distorted rutile-like cell (6 atoms) smaller than the cut-off: many periodic images
const periodic: Structure = {
  name: 'rutile-distorted', source: { file: 'inline' }, species: ['Ti', 'Ti', 'O', 'O', 'O', 'O'],
  positions: Float64Array.from([0.05, 0.02, 0, 2.33, 2.27, 1.52, 1.41, 1.38, 0.04, 3.2, 3.15, -0.05, 3.71, 0.86, 1.49, 0.9, 3.68, 1.55]),
  cell, pbc: [true, true, true], energy: null, forces: null,
};
const molecule: Structure = {
  name: 'cluster', source: { file: 'inline' }, species: ['Ti', 'O', 'O', 'Ti', 'O'],
  positions: Float64Array.from([0, 0, 0, 1.8, 0.1, -0.2, -0.3, 1.7, 0.4, 2.1, 1.9, 0.3, 0.9, 0.8, 1.6]),
  cell: null, pbc: [false, false, false], energy: null, forces: null,
};

function checkForces(pred: AenetPredictor, s: Structure, h: number, relTol: number): void {
  const F = pred.predict(s, { forces: true }).forces!;
  const scale = Math.max(...Array.from(F, Math.abs));
  assert.ok(scale > 1e-3, 'the test structure has non-trivial forces');
  for (let q = 0; q < F.length; q++) {
    const plus = { ...s, positions: Float64Array.from(s.positions) };
    const minus = { ...s, positions: Float64Array.from(s.positions) };
    plus.positions[q] += h;
    minus.positions[q] -= h;
    const fd = -(pred.predict(plus).cohesiveEnergy - pred.predict(minus).cohesiveEnergy) / (2 * h);
    assert.ok(Math.abs(F[q] - fd) <= relTol * scale, `${s.name} component ${q}: analytic ${F[q]} vs finite difference ${fd}`);
  }
}

test('forces equal −dE/dR by central finite difference (synthetic potentials, periodic and molecular)', () => {
  const pred = new AenetPredictor(createAenetModel([synthetic('Ti', 7, [1, 4, 0]), synthetic('O', 99, [2, 3, 0])]));
  checkForces(pred, periodic, 1e-5, 1e-6);
  checkForces(pred, molecule, 1e-5, 1e-6);
});

test('forces of the published TiO2 potential equal −dE/dR by central finite difference', (t) => {
  if (!existsSync(path.join(fitDir, 'Ti.40t-40t.nn'))) { t.skip(`${fitDir} absent`); return; }
  const pred = new AenetPredictor(createAenetModel(['Ti', 'O'].map((e) => loadAenetPotential(path.join(fitDir, `${e}.40t-40t.nn`)))));
  checkForces(pred, periodic, 1e-5, 1e-6);
});
