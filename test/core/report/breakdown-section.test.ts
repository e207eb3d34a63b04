/**
 * The report's breakdown: force errors per element of the atom and energy/force errors per group,
 * each the full metric set of the points it names (hand-worked MAE/RMSE on a small set).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../../src/core/report/build-report';
import { setBreakdown } from '../../../src/core/report/breakdown-section';
import { renderHtmlReport } from '../../../src/core/report/html/html-report';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import type { StructurePrediction } from '../../../src/protocol/report';

// Two structures of group "bulk" (TiO: 2 atoms each), one of group "surface" (Ti2O: 3 atoms).
const structures: StructurePrediction[] = [
  { name: 'a', atoms: 2, group: 'bulk', energyTrue: -8.0, energyPred: -8.01, energyStd: 0.02 },
  { name: 'b', atoms: 2, group: 'bulk', energyTrue: -8.2, energyPred: -8.17, energyStd: 0.02 },
  { name: 'c', atoms: 3, group: 'surface', energyTrue: -7.5, energyPred: -7.62, energyStd: 0.05 },
];
const elements = ['Ti', 'O', 'Ti', 'O', 'Ti', 'Ti', 'O'];
// One error per atom, on its x component: Ti atoms 0.1, 0.3, -0.2, 0.2; O atoms -0.05, 0.05, 0.4.
const errX = [0.1, -0.05, 0.3, 0.05, -0.2, 0.2, 0.4];
const fTrue = elements.flatMap(() => [1, 2, 3]);
const fPred = errX.flatMap((e) => [1 + e, 2, 3]);
const fStd = elements.flatMap(() => [0.2, 0.2, 0.2]);
const input = { structures, forces: { true: fTrue, pred: fPred, std: fStd, elements } };

test('force errors per element: Ti MAE = (0.1 + 0.3 + 0.2 + 0.2)/12 components, O MAE = (0.05 + 0.05 + 0.4)/9', () => {
  const b = setBreakdown(input, 'test')!;
  assert.deepEqual(Object.keys(b.forcesByElement!), ['O', 'Ti']);
  assert.equal(b.forcesByElement!.Ti.count, 12);
  assert.ok(Math.abs(b.forcesByElement!.Ti.mae - 0.8 / 12) < 1e-12);
  assert.ok(Math.abs(b.forcesByElement!.O.mae - 0.5 / 9) < 1e-12);
  assert.ok(Math.abs(b.forcesByElement!.O.rmse - Math.sqrt((0.0025 + 0.0025 + 0.16) / 9)) < 1e-12);
  assert.ok(Math.abs(b.forcesByElement!.O.maxError - 0.4) < 1e-12);
});

test('per group: energy per atom and the group\'s own force components, with the interval calibration metrics', () => {
  const b = setBreakdown(input, 'test')!;
  const bulk = b.groups!.bulk;
  const surface = b.groups!.surface;
  assert.equal(bulk.structures, 2);
  assert.ok(Math.abs(bulk.energy!.mae - 0.02) < 1e-12); // (0.01 + 0.03)/2
  assert.ok(Math.abs(surface.energy!.mae - 0.12) < 1e-12);
  assert.equal(bulk.forces!.count, 12);
  assert.equal(surface.forces!.count, 9);
  assert.ok(Math.abs(surface.forces!.mae - 0.8 / 9) < 1e-12); // atoms 4–6: 0.2 + 0.2 + 0.4
  // The same numbers as evaluating the group's points alone, calibration included.
  const alone = evaluatePredictions({ yTrue: [-8.0, -8.2], yPred: [-8.01, -8.17], yStd: [0.02, 0.02] }).metrics;
  assert.deepEqual(bulk.energy, alone);
  assert.ok(Number.isFinite(bulk.energy!.mace) && Number.isFinite(bulk.energy!.picp95));
});

test('nothing to break down (one element, no groups) gives no breakdown; the report carries it per set', () => {
  assert.equal(setBreakdown({ structures: structures.map(({ group, ...s }) => s) }, 'test'), undefined);
  const report = buildReport({
    producer: { tool: { name: 't', version: '0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h', dataFingerprint: 'f', split: { train: [], validation: [], test: ['a', 'b', 'c'] }, seeds: {}, wallTimeSeconds: {} },
    method: { method: 'ensemble', trainForces: true }, history: { epochs: [] }, predictions: { test: input }, createdAt: '2026-01-01T00:00:00Z',
  });
  assert.deepEqual(Object.keys(report.breakdown!), ['test']);
  assert.deepEqual(report.breakdown!.test, setBreakdown(input, 'test'));
  assert.equal(report.predictions.test!.structures[2].group, 'surface');
});

test('the HTML report shows the breakdown in meV, where each set came from, and the worst and most uncertain structures first', () => {
  const report = buildReport({
    producer: {
      tool: { name: 't', version: '0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h', dataFingerprint: 'f', seeds: {}, wallTimeSeconds: {},
      split: { train: [], validation: [], test: ['a', 'b', 'c'], source: { test: 'given: test/<x>' } },
      referenceEnergies: { values: { O: -432.5, Ti: -1604.6 }, fitted: ['Ti'], structures: 36, rmsPerAtom: 0.0123, rankDeficient: false },
    },
    method: { method: 'ensemble', trainForces: true }, history: { epochs: [] }, predictions: { test: input }, createdAt: '2026-01-01T00:00:00Z',
  });
  const html = renderHtmlReport(report);
  assert.match(html, /<h2>where the errors are<\/h2>/);
  assert.match(html, /Sets: test — given: test\/&lt;x&gt;\./);
  assert.match(html, /Ti -1605 eV, O -432.5 eV \(given\)|O -432.5 eV \(given\), Ti -1605 eV/);
  assert.match(html, /rms residual 12.3 meV\/atom/);
  // O forces: MAE 0.5/9 eV/Å = 55.56 meV/Å, RMSE √(0.165/9) = 135.4 meV/Å, max 400.
  assert.match(html, /<tr><td>O<\/td><td>9<\/td><td>55.56<\/td><td>135.4<\/td><td>400<\/td>/);
  // Worst first: c (120 meV/atom), then b (30), then a (10).
  const worst = html.slice(html.indexOf('largest energy errors'));
  assert.ok(worst.indexOf('<td>c</td>') < worst.indexOf('<td>b</td>') && worst.indexOf('<td>b</td>') < worst.indexOf('<td>a</td>'));
  assert.match(worst, /<tr><td>c<\/td><td>surface<\/td><td>3<\/td><td>-120<\/td><td>50<\/td><td>2.4<\/td><\/tr>/);
});
