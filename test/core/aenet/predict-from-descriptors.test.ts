import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAenetPotential } from '../../../src/core/aenet/read-potential';
import { createAenetModel } from '../../../src/core/aenet/model';
import { predictFromDescriptors } from '../../../src/core/aenet/predict-from-descriptors';
import type { StructureDescriptors } from '../../../src/core/descriptors/types';
import { LocatedError } from '../../../src/core/errors';
import { networkRecords, records, setupRecords, trainsetRecords } from './fortran-fixtures';

// Two one-species potentials: 3 descriptor values (radial_N 1, angular_N 0), networks 3 → 2 → 1.
function tiny(atom: string, w: number[][], avg: number[], cov: number[]) {
  return parseAenetPotential(records([
    ...networkRecords({ nodes: [3, 2, 1], fa: [1, 0], weights: [w, [[0.9, -1.1, 0.2]]] }),
    ...setupRecords({ atom, env: [atom], radial: [4, 1], angular: [3, 0], avg, cov }),
    ...trainsetRecords({ types: ['O', 'Ti'], eAtom: [-400, -1600], scale: 0.5, shift: -2 }),
  ]), `${atom}.nn`);
}
const model = createAenetModel([
  tiny('Ti', [[0.3, -0.2, 0.1, 0.05], [-0.4, 0.6, 0.2, -0.1]], [1, 2, 0], [2, 8, 4]),
  tiny('O', [[0.5, 0.1, -0.3, 0], [0.2, -0.2, 0.4, 0.3]], [0, 1, 1], [1, 2, 5]),
]);
const species = ['Ti', 'O'];
const G = [[1.3, 2.5, -0.4], [0.2, 0.7, 1.9]];

// ∂G_i/∂R_k blocks for pairs (0,0), (0,1), (1,1), (1,0), each [c][n] with 3 values per component
const blocks = [0, 1, 2, 3].map((p) => Array.from({ length: 9 }, (_, q) => Math.sin(1 + p * 9 + q)));
function descriptors(g: number[][]): StructureDescriptors {
  return {
    n: 2, dims: Int32Array.from([3, 3]), offsets: Int32Array.from([0, 3, 6]), values: Float64Array.from(g.flat()),
    jacobian: {
      pairStart: Int32Array.from([0, 2, 4]), pairAtom: Int32Array.from([0, 1, 1, 0]),
      blockStart: Int32Array.from([0, 9, 18, 27, 36]), values: Float64Array.from(blocks.flat()),
    },
  };
}

test('atomic energies follow aenet: y((G − avg)/√(cov − avg²))/scale + shift', () => {
  const r = predictFromDescriptors(model, species, descriptors(G), false);
  const ti = (G[0][0] - 1) / 1 * 0.3 + (G[0][1] - 2) / 2 * -0.2 + (G[0][2] - 0) / 2 * 0.1 + 0.05;
  const ti2 = (G[0][0] - 1) / 1 * -0.4 + (G[0][1] - 2) / 2 * 0.6 + (G[0][2] - 0) / 2 * 0.2 - 0.1;
  const yTi = 0.9 * Math.tanh(ti) - 1.1 * Math.tanh(ti2) + 0.2;
  const o1 = (G[1][0] - 0) * 0.5 + (G[1][1] - 1) * 0.1 + (G[1][2] - 1) / 2 * -0.3;
  const o2 = (G[1][0] - 0) * 0.2 + (G[1][1] - 1) * -0.2 + (G[1][2] - 1) / 2 * 0.4 + 0.3;
  const yO = 0.9 * Math.tanh(o1) - 1.1 * Math.tanh(o2) + 0.2;
  const eTi = yTi / 0.5 - 2;
  const eO = yO / 0.5 - 2;
  assert.ok(Math.abs(r.atomEnergies[0] - eTi) < 1e-13);
  assert.ok(Math.abs(r.atomEnergies[1] - eO) < 1e-13);
  assert.ok(Math.abs(r.cohesiveEnergy - (eTi + eO)) < 1e-13);
  assert.ok(Math.abs(r.totalEnergy - (eTi + eO - 1600 - 400)) < 1e-10);
  assert.equal(r.forces, null);
});

test('forces are −Σ dE/dG · ∂G/∂R through the sparse Jacobian (dE/dG by finite difference)', () => {
  const r = predictFromDescriptors(model, species, descriptors(G), true);
  const dEdG = G.map((row, i) => row.map((_, n) => {
    const h = 1e-6;
    const gp = G.map((rr) => [...rr]); gp[i][n] += h;
    const gm = G.map((rr) => [...rr]); gm[i][n] -= h;
    return (predictFromDescriptors(model, species, descriptors(gp), false).cohesiveEnergy
      - predictFromDescriptors(model, species, descriptors(gm), false).cohesiveEnergy) / (2 * h);
  }));
  const pairs: [number, number][] = [[0, 0], [0, 1], [1, 1], [1, 0]];
  const F = new Array(6).fill(0);
  pairs.forEach(([i, k], p) => {
    for (let c = 0; c < 3; c++) for (let n = 0; n < 3; n++) F[3 * k + c] -= blocks[p][3 * c + n] * dEdG[i][n];
  });
  for (let q = 0; q < 6; q++) assert.ok(Math.abs(r.forces![q] - F[q]) < 1e-8, `F[${q}] ${r.forces![q]} vs ${F[q]}`);
});

test('an element without a potential, or forces without derivatives, is a located error', () => {
  assert.throws(() => predictFromDescriptors(model, ['Ti', 'Zr'], descriptors(G), false, 'x.xsf'), (e: unknown) =>
    e instanceof LocatedError && /atom 2 is Zr/.test(e.message) && e.location.file === 'x.xsf');
  const d = descriptors(G);
  delete d.jacobian;
  assert.throws(() => predictFromDescriptors(model, species, d, true), /forces need descriptor derivatives/);
});
