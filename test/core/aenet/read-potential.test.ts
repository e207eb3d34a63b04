import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadAenetPotential, parseAenetPotential } from '../../../src/core/aenet/read-potential';
import { LocatedError } from '../../../src/core/errors';
import { concat, int32s, networkRecords, records, setupRecords, trainsetRecords, type TinyNetwork } from './fortran-fixtures';

const repoRoot = path.join(__dirname, '..', '..', '..');
const fitDir = path.join(repoRoot, '..', 'shared', 'datasets', 'tio2-full-7815', 'aenet-fit');

const tinyNet: TinyNetwork = {
  nodes: [6, 2, 1],
  fa: [1, 0],
  weights: [
    [[0.1, -0.2, 0.3, 0.05, 0, 0.4, 0.01], [-0.3, 0.2, 0.1, 0, 0.5, -0.1, -0.02]],
    [[1.5, -0.7, 0.25]],
  ],
};
const tinyFile = () => records([
  ...networkRecords(tinyNet),
  ...setupRecords({ atom: 'Ti', env: ['Ti', 'O'], radial: [4, 1], angular: [3, 0], avg: [1, 2, 3, 4, 5, 6], cov: [5, 8, 9, 16, 25, 45] }),
  ...trainsetRecords({ types: ['O', 'Ti'], eAtom: [-432.5, -1604.6], scale: 0.25, shift: -3 }),
]);

test('parses network, fingerprint set-up and training-set summary of a .nn file', () => {
  const p = parseAenetPotential(tinyFile(), 'tiny.nn');
  assert.equal(p.element, 'Ti');
  assert.deepEqual(p.network.nodes, [6, 2, 1]);
  assert.deepEqual(p.network.activations, ['tanh', 'linear']);
  // the column-major Fortran block comes back as the row-major matrix the fixture started from
  assert.deepEqual(Array.from(p.network.weights[0]), tinyNet.weights[0].flat());
  assert.deepEqual(Array.from(p.network.weights[1]), [1.5, -0.7, 0.25]);
  assert.deepEqual(p.setup.envTypes, ['Ti', 'O']);
  assert.deepEqual(p.setup.chebyshev, { radialCutoff: 4, radialOrder: 1, angularCutoff: 3, angularOrder: 0 });
  assert.equal(p.setup.description, 'Tiny set-up.');
  assert.equal(p.trainset.file, 'tiny.train.scaled');
  assert.deepEqual(p.trainset.typeNames, ['O', 'Ti']);
  assert.equal(p.atomicEnergy, -1604.6);
  assert.equal(p.energyScale, 4);
  assert.equal(p.energyShift, -3);
  // std = sqrt(cov − avg²): 2, 2, 0 (constant → scale 0), 0, 0, 3
  assert.deepEqual(Array.from(p.inputScale), [0.5, 0.5, 0, 0, 0, 1 / 3]);
});

test('8-byte record markers are read the same way', () => {
  const payloads = [...networkRecords(tinyNet),
    ...setupRecords({ atom: 'O', env: ['Ti', 'O'], radial: [4, 1], angular: [3, 0], avg: [0, 0, 0, 0, 0, 0], cov: [1, 1, 1, 1, 1, 1] }),
    ...trainsetRecords({ types: ['O', 'Ti'], eAtom: [-1, -2], scale: 1, shift: 0 })];
  const p = parseAenetPotential(records(payloads, 8), 'tiny8.nn');
  assert.equal(p.element, 'O');
  assert.equal(p.atomicEnergy, -1);
});

test('every truncation of a .nn file is a located error naming offset and record', () => {
  const full = tinyFile();
  for (const cut of [3, 40, 100, full.length - 30, full.length - 1]) {
    assert.throws(() => parseAenetPotential(full.subarray(0, cut), 'cut.nn'), (e: unknown) => {
      assert.ok(e instanceof LocatedError, String(e));
      assert.equal(e.location.file, 'cut.nn');
      assert.ok(e.location.field, 'names the field being read');
      assert.match(e.message, /record \d+|byte offset/);
      return true;
    });
  }
});

test('inconsistent layout is reported with the field and what was expected', () => {
  const bad = networkRecords({ ...tinyNet, fa: [7, 0] });
  assert.throws(() => parseAenetPotential(concat([records(bad)]), 'fa.nn'),
    /activation code 7 \(network\.f_a\); expected 0 \(linear\), 1 \(tanh\)/);
  const wsize = networkRecords(tinyNet);
  wsize[2] = int32s(99); // Wsize does not follow from nnodes [6, 2, 1] (17)
  assert.throws(() => parseAenetPotential(records(wsize), 'w.nn'),
    /w\.nn: record 5 at byte offset 48: Wsize = 99 \(record 3\) \(network\.Wsize\); expected 17 for nnodes \[6, 2, 1\]/);
  const wrongInputs = records([
    ...networkRecords(tinyNet),
    ...setupRecords({ atom: 'Ti', env: ['Ti'], radial: [4, 1], angular: [3, 0], avg: [1, 2, 3], cov: [2, 5, 10] }),
    ...trainsetRecords({ types: ['Ti'], eAtom: [-1], scale: 1, shift: 0 }),
  ]);
  assert.throws(() => parseAenetPotential(wrongInputs, 'w.nn'), /takes 6 inputs but the fingerprint set-up has 3/);
});

test('reads the published TiO2 potentials (40-40 tanh, Chebyshev 6.0/22, 3.0/6)', (t) => {
  const ti = path.join(fitDir, 'Ti.40t-40t.nn');
  if (!existsSync(ti)) { t.skip(`${fitDir} absent`); return; }
  for (const el of ['Ti', 'O']) {
    const p = loadAenetPotential(path.join(fitDir, `${el}.40t-40t.nn`));
    // values from the fit's train.in, *.fingerprint.stp, generate.in and fit-01.dat
    assert.equal(p.element, el);
    assert.deepEqual(p.network.nodes, [60, 40, 40, 1]);
    assert.deepEqual(p.network.activations, ['tanh', 'tanh', 'linear']);
    assert.deepEqual(p.setup.envTypes, ['Ti', 'O']);
    assert.equal(p.setup.rcMin, 0.45);
    assert.deepEqual(p.setup.chebyshev, { radialCutoff: 6, radialOrder: 22, angularCutoff: 3, angularOrder: 6 });
    assert.deepEqual(p.trainset.typeNames, ['O', 'Ti']);
    assert.deepEqual(p.trainset.atomicEnergies, [-432.503149303, -1604.604515075]);
    assert.equal(p.trainset.nStrucs, 7707); // MAXENERGY 1.0 keeps 7,707 of 7,815
  }
});

test('a missing potential file is a located error', () => {
  assert.throws(() => loadAenetPotential('/nonexistent/X.nn'), (e: unknown) =>
    e instanceof LocatedError && e.location.file === '/nonexistent/X.nn');
});
