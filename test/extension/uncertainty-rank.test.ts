/** The rank panel's rows from `mlip-uq predict --json`: σ per atom, max force σ, OOD text, sorting, export args. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankRowsFromPredict, sortRankRows, oodText, trainedOnForces, exportSelectArgs } from '../../src/core/report/uncertainty-rank';
import { structureFileCandidates } from '../../src/extension/webviews/rank-panel-names';

// The shape predict prints (src/runner/commands/predict-run.ts), trimmed to the fields the rows read.
const output = JSON.stringify({
  model: { kind: 'ensemble' }, outOfDistribution: { sigmaPerAtom: 0.004 },
  structures: [
    { name: 'a.xsf', atoms: 6, energyPerAtom: { mu: -1, sigma: 0.002 }, forces: { mu: [0, 0, 0], sigma: [0.01, 0.05, 0.02] }, outOfDistribution: { flagged: false, sigmaRatio: 0.5, atoms: [] } },
    { name: 'b.xsf', atoms: 12, energyPerAtom: { mu: -1, sigma: 0.0128 }, forces: { mu: [0, 0, 0], sigma: [0.2, 0.1, 0.3] }, outOfDistribution: { flagged: true, sigmaRatio: 3.2, atoms: [{ index: 11, element: 'O', novelty: 2, ratio: 4.1 }, { index: 2, element: 'Ti', novelty: 1, ratio: Infinity }] } },
    { name: 'c.xsf', atoms: 3, energyPerAtom: { mu: -1, sigma: 0.006 }, forces: { mu: [0, 0, 0], sigma: [0.04, 0.04, 0.04] }, outOfDistribution: { flagged: false, sigmaRatio: 1.5, atoms: [{ index: 0, element: 'Ti', novelty: 3, ratio: 2 }] } },
  ],
});

test('rows are ranked by σ per atom, largest first, with the largest force-component σ', () => {
  const rows = rankRowsFromPredict(output);
  assert.deepEqual(rows.map((r) => [r.rank, r.name, r.atoms, r.sigmaEnergyPerAtom, r.sigmaForceMax]), [
    [1, 'b.xsf', 12, 0.0128, 0.3], [2, 'c.xsf', 3, 0.006, 0.04], [3, 'a.xsf', 6, 0.002, 0.05],
  ]);
});

test('the OOD cell says yes with σ over the threshold and names the atoms 1-based', () => {
  const [b, c, a] = rankRowsFromPredict(output);
  assert.equal(oodText(b), 'yes: σ 3.2× the threshold; O12 (4.1×), Ti3 (unknown element)');
  assert.equal(oodText(c), 'no; Ti1 (2.0×)');
  assert.equal(oodText(a), 'no');
});

test('without --forces and without OOD thresholds the columns are empty, not zero', () => {
  const rows = rankRowsFromPredict({ structures: [{ name: 'x', atoms: 2, energyPerAtom: { sigma: 0.001 } }] });
  assert.equal(rows[0].sigmaForceMax, null);
  assert.equal(rows[0].ood, null);
  assert.equal(oodText(rows[0]), '–');
});

test('sorting by a column keeps nulls last and ties in rank order', () => {
  const rows = rankRowsFromPredict(output);
  assert.deepEqual(sortRankRows(rows, 'sigmaForceMax', true).map((r) => r.name), ['b.xsf', 'a.xsf', 'c.xsf']);
  assert.deepEqual(sortRankRows(rows, 'atoms', false).map((r) => r.name), ['c.xsf', 'a.xsf', 'b.xsf']);
  assert.deepEqual(sortRankRows(rows, 'name', true).map((r) => r.name), ['c.xsf', 'b.xsf', 'a.xsf']);
  const withNull = [...rows, { ...rows[0], rank: 4, name: 'd', sigmaForceMax: null }];
  assert.deepEqual(sortRankRows(withNull, 'sigmaForceMax', false).map((r) => r.name), ['c.xsf', 'a.xsf', 'b.xsf', 'd']);
});

test('output without a structures list or without σ is rejected', () => {
  assert.throws(() => rankRowsFromPredict('{}'), /no "structures" list/);
  assert.throws(() => rankRowsFromPredict({ structures: [{ name: 'x' }] }), /structure 1 has no energyPerAtom\.sigma/);
});

test('predict gets --forces only when the run trained with a positive force weight', () => {
  assert.equal(trainedOnForces({ training: { force_weight: 0.1 } }), true);
  assert.equal(trainedOnForces({ training: { force_weight: 0 } }), false);
  assert.equal(trainedOnForces({}), false);
});

test('export calls select with the sigma strategy, K and the output file', () => {
  assert.deepEqual(exportSelectArgs('/r', ['/p/a', '/p/b.tar.gz'], 10, '/o.extxyz'),
    ['select', '--run', '/r', '/p/a', '/p/b.tar.gz', '--count', '10', '--strategy', 'sigma', '--out', '/o.extxyz']);
});

test('a structure name opens its own file, else the file without its frame or archive member', () => {
  assert.deepEqual(structureFileCandidates('pool/a.xsf'), ['pool/a.xsf']);
  assert.deepEqual(structureFileCandidates('pool/b.extxyz#3'), ['pool/b.extxyz#3', 'pool/b.extxyz']);
  assert.deepEqual(structureFileCandidates('/d/p.tar.gz:x/y.xsf'), ['/d/p.tar.gz:x/y.xsf', '/d/p.tar.gz']);
});
