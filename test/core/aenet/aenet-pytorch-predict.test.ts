import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAenetPotential } from '../../../src/core/aenet/read-potential';
import { createAenetModel } from '../../../src/core/aenet/model';
import { AenetPredictor } from '../../../src/core/aenet/predictor';
import { gunzipLocated } from '../../../src/core/structures/gzip';
import { readTar } from '../../../src/core/structures/tar';
import { parseXsf } from '../../../src/core/structures/xsf';

// aenet-PyTorch's example: networks trained by aenet-PyTorch (.nn.ascii), evaluated by aenet's own
// predict.x on the 1,000-structure TiO2 set; the excerpt keeps four of its 200 structures.
const repoRoot = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'reference', 'aenet-pytorch');
const archive = path.join(repoRoot, 'examples', 'data', 'tio2-1000-xsf.tar.gz');

interface Expected { file: string; cohesive: number; total: number; coords: number[]; forces: number[] }

function parsePredictOut(text: string): Expected[] {
  return text.split(/\+{70}/).map((block) => {
    const atoms = [...block.matchAll(/^ [A-Z][a-z]?((?:\s+-?\d+\.\d+){6})\s*$/gm)].map((m) => m[1].trim().split(/\s+/).map(Number));
    return {
      file: path.basename(/File name\s+:\s+(\S+)/.exec(block)![1]),
      cohesive: Number(/Cohesive energy\s+:\s+(\S+) eV/.exec(block)![1]),
      total: Number(/Total energy\s+:\s+(\S+) eV/.exec(block)![1]),
      coords: atoms.flatMap((a) => a.slice(0, 3)),
      forces: atoms.flatMap((a) => a.slice(3, 6)),
    };
  });
}

/** Whether a − b is an integer combination of the cell rows (to the 6 decimals predict.x prints). */
function sameUpToLatticeVector(cell: Float64Array, a: ArrayLike<number>, b: number[]): boolean {
  const [a1, a2, a3, b1, b2, b3, c1, c2, c3] = cell;
  const d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const det = a1 * (b2 * c3 - b3 * c2) - a2 * (b1 * c3 - b3 * c1) + a3 * (b1 * c2 - b2 * c1);
  // fractional coefficients n with d = n1·A + n2·B + n3·C (Cramer's rule on the rows)
  const n1 = (d[0] * (b2 * c3 - b3 * c2) - d[1] * (b1 * c3 - b3 * c1) + d[2] * (b1 * c2 - b2 * c1)) / det;
  const n2 = (a1 * (d[1] * c3 - d[2] * c2) - a2 * (d[0] * c3 - d[2] * c1) + a3 * (d[0] * c2 - d[1] * c1)) / det;
  const n3 = (a1 * (b2 * d[2] - b3 * d[1]) - a2 * (b1 * d[2] - b3 * d[0]) + a3 * (b1 * d[1] - b2 * d[0])) / det;
  return [n1, n2, n3].every((n) => Math.abs(n - Math.round(n)) < 1e-5);
}

test('aenet-PyTorch .nn.ascii potentials reproduce aenet predict.x energies (1e-7 eV) and forces (1e-6 eV/Å)', () => {
  const expected = parsePredictOut(readFileSync(path.join(fixtures, 'predict-excerpt.out'), 'utf8'));
  assert.equal(expected.length, 4);
  const wanted = new Set(expected.map((e) => e.file));
  const structures = new Map(readTar(gunzipLocated(readFileSync(archive), archive), archive)
    .filter((e) => wanted.has(path.basename(e.name)))
    .map((e) => [path.basename(e.name), parseXsf(e.data.toString('utf8'), `${archive}:${e.name}`)]));

  const pots = ['Ti', 'O'].map((el) => loadAenetPotential(path.join(fixtures, `${el}.pytorch.nn.ascii`)));
  // header values as predict.x prints them for these files
  assert.deepEqual(pots[0].network.nodes, [56, 5, 5, 1]);
  assert.equal(pots[0].setup.neval, 7308);
  assert.equal(pots[1].setup.neval, 13977);
  assert.ok(Math.abs(pots[0].trainset.scale - 1.273848) < 1e-6 && Math.abs(pots[0].trainset.shift + 7.786248) < 1e-6);
  const pred = new AenetPredictor(createAenetModel(pots));

  for (const e of expected) {
    const s = structures.get(e.file);
    assert.ok(s, `${e.file} in ${archive}`);
    assert.equal(s.species.length * 3, e.forces.length);
    for (let i = 0; i < s.species.length; i++) {
      assert.ok(sameUpToLatticeVector(s.cell!, s.positions.subarray(3 * i, 3 * i + 3), e.coords.slice(3 * i, 3 * i + 3)),
        `${e.file}: atom ${i + 1} is the one predict.x lists (it prints positions wrapped into the cell)`);
    }
    const r = pred.predict(s, { forces: true });
    assert.ok(Math.abs(r.cohesiveEnergy - e.cohesive) <= 1e-7, `${e.file}: cohesive ${r.cohesiveEnergy} vs ${e.cohesive}`);
    assert.ok(Math.abs(r.totalEnergy - e.total) <= 1e-7, `${e.file}: total ${r.totalEnergy} vs ${e.total}`);
    for (let q = 0; q < e.forces.length; q++) {
      assert.ok(Math.abs(r.forces![q] - e.forces[q]) <= 1e-6, `${e.file} force component ${q}: ${r.forces![q]} vs ${e.forces[q]}`);
    }
  }
});
