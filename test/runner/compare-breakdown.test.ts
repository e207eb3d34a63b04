/**
 * `compare` shows the reports' errors per element and per group beside the overall table, best marked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/core/report/build-report';
import { breakdownTable } from '../../src/runner/commands/compare-breakdown';
import type { StructurePrediction } from '../../src/protocol/report';

function report(surfaceError: number) {
  const structures: StructurePrediction[] = [
    { name: 'a', atoms: 2, group: 'bulk', energyTrue: -8, energyPred: -8.01, energyStd: 0.01 },
    { name: 'b', atoms: 2, group: 'bulk', energyTrue: -8.2, energyPred: -8.19, energyStd: 0.01 },
    { name: 'c', atoms: 2, group: 'surface', energyTrue: -7.5, energyPred: -7.5 + surfaceError, energyStd: 0.05 },
  ];
  return buildReport({
    producer: { tool: { name: 't', version: '0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h', dataFingerprint: 'f', split: { train: [], validation: [], test: ['a', 'b', 'c'] }, seeds: {}, wallTimeSeconds: {} },
    method: { method: 'ensemble', members: 2, trainForces: false }, history: { epochs: [] }, predictions: { test: { structures } }, createdAt: '2026-01-01T00:00:00Z',
  });
}

test('rows per group × metric, the lower error marked, counts unmarked; no breakdown gives no table', () => {
  const t = breakdownTable([{ file: 'runs/one/report.uqreport.json', report: report(0.06) }, { file: 'runs/two/report.uqreport.json', report: report(0.02) }], 'test', 'energy')!;
  assert.deepEqual(t[0], ['test energy by element and group (eV/atom)', 'DE×2 one', 'DE×2 two']);
  const row = (label: string) => t.find((r) => r[0] === label)!;
  assert.deepEqual(row('group surface MAE'), ['group surface MAE', '0.06', '0.02 *']);
  assert.deepEqual(row('group bulk MAE'), ['group bulk MAE', '0.01', '0.01']); // a tie is no winner
  assert.deepEqual(row('group surface n'), ['group surface n', '1', '1']);
  assert.equal(breakdownTable([{ file: 'x.uqreport.json', report: report(0.06) }], 'test', 'forces'), null);
});
