/**
 * `mlip-uq compare` marks best values with the compare panel's model (bestIndices of compare-model.ts):
 * every tied best is marked, nothing where all reports are equal or only one has the value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UqReport } from '../../src/protocol/report';
import { compareTable } from '../../src/runner/commands/compare';

const load = (name: string): UqReport => JSON.parse(readFileSync(join(__dirname, '..', 'webview', 'fixtures', name), 'utf8')) as UqReport;
const cells = (table: string[][], label: string) => table.find((r) => r[0] === label)!.slice(1);

test('two reports tied for the best value are both marked; the third is not', () => {
  const de = load('tio2-ensemble-fast.uqreport.json'), lrt = load('tio2-lrt-fast.uqreport.json');
  const deBetter = de.metrics.test!.energy!.raw.metrics.rmse < lrt.metrics.test!.energy!.raw.metrics.rmse;
  const table = compareTable([{ file: 'x/a.uqreport.json', report: de }, { file: 'x/b.uqreport.json', report: de }, { file: 'x/c.uqreport.json', report: lrt }], 'test', 'energy');
  const marked = cells(table, 'RMSE').map((c) => c.endsWith(' *'));
  assert.deepEqual(marked, deBetter ? [true, true, false] : [false, false, true]);
});

test('equal reports, or a value only one report has, mark nothing', () => {
  const de = load('tio2-ensemble-fast.uqreport.json');
  const same = compareTable([{ file: 'a.uqreport.json', report: de }, { file: 'b.uqreport.json', report: de }], 'test', 'energy');
  assert.ok(same.slice(1).every((r) => r.slice(1).every((c) => !c.endsWith(' *'))));
  const one = compareTable([{ file: 'a.uqreport.json', report: de }], 'test', 'energy');
  assert.ok(one.slice(1).every((r) => !r[1].endsWith(' *')));
});

test('a report that kept raw σ says so in the σ scale row, with the scale it fitted and did not apply', () => {
  const de = load('tio2-ensemble-fast.uqreport.json');
  const kept: UqReport = { ...de, recalibration: { ...de.recalibration, energy: { ...de.recalibration.energy!, scale: 0.93, method: 'none' } } };
  const table = compareTable([{ file: 'a.uqreport.json', report: de }, { file: 'b.uqreport.json', report: kept }], 'test', 'energy');
  const row = table.find((r) => /σ scale/.test(r[0]))!;
  assert.equal(row[2], 'raw kept (fit 0.93)');
  assert.ok(!row[1].startsWith('raw kept'));
});
