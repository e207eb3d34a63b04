/**
 * The comparison's model (issue 17): columns named by run, the better value of each row by the
 * catalogue's direction, and the test-set warning, on the two recorded fast TiO2 reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UqReport } from '../../../src/protocol/report';
import { bestIndices, compareModel, distinctLabels } from '../../../src/core/report/compare-model';
import { METRICS } from '../../../src/core/uq/metric-catalogue';

const load = (name: string): UqReport => JSON.parse(readFileSync(join(__dirname, '..', '..', 'webview', 'fixtures', name), 'utf8')) as UqReport;
const SHOWN = [METRICS.count, METRICS.rmse, METRICS.mace, METRICS.spearman, METRICS.picp95];

test('each row marks the better run by the metric\'s direction: lower RMSE and MACE, higher Spearman, PICP nearest 95 %, no count', () => {
  // Test energy, raw σ: ensemble RMSE 0.14526, MACE 0.1437, Spearman 0.5152, PICP 0.8; LRT 0.12075, 0.49, 0.6242, 0.
  const m = compareModel([
    { label: 'tio2-ensemble-fast-1', report: load('tio2-ensemble-fast.uqreport.json') },
    { label: 'tio2-lrt-fast-2', report: load('tio2-lrt-fast.uqreport.json') },
  ], SHOWN);
  assert.deepEqual(m.columns, ['tio2-ensemble-fast-1', 'tio2-lrt-fast-2']);
  assert.equal(m.set, 'test');
  assert.deepEqual(m.rows.map((r) => `${r.quantity}/${r.variant}/${r.metric.key}`), [
    'energy/raw/count', 'energy/raw/rmse', 'energy/raw/mace', 'energy/raw/spearman', 'energy/raw/picp95',
    'energy/recalibrated/count', 'energy/recalibrated/rmse', 'energy/recalibrated/mace', 'energy/recalibrated/spearman', 'energy/recalibrated/picp95',
  ], 'energy only: no forces rows');
  const best = (variant: string, key: string) => m.rows.find((r) => r.variant === variant && r.metric.key === key)!.best;
  assert.deepEqual(m.rows[1].values.map((v) => v!.toFixed(5)), ['0.14526', '0.12075']);
  assert.deepEqual(best('raw', 'count'), [], 'a count has no better value');
  assert.deepEqual(best('raw', 'rmse'), [1]);
  assert.deepEqual(best('raw', 'mace'), [0]);
  assert.deepEqual(best('raw', 'spearman'), [1]);
  assert.deepEqual(best('raw', 'picp95'), [0], '|0.8 − 0.95| < |0 − 0.95|');
  assert.deepEqual(best('recalibrated', 'picp95'), [], 'both 0.5: neither is better');
  assert.deepEqual(best('recalibrated', 'mace'), [0], '0.262 < 0.354');
  assert.equal(m.testSetWarning, null, 'the same 10 test structures of the same data');
});

test('reports tested on other data or other structures carry the warning, naming each run and its test-set size', () => {
  const a = load('tio2-ensemble-fast.uqreport.json');
  const b = load('tio2-lrt-fast.uqreport.json');
  b.producer.split!.test = b.producer.split!.test.slice(0, 4);
  const other = compareModel([{ label: 'a', report: a }, { label: 'b', report: b }], SHOWN);
  assert.equal(other.testSetWarning, 'the test sets differ: they hold different structures (a: 10 structures, data b3db2789; b: 4 structures, data b3db2789); their metrics are not measured on the same structures');
  b.producer.dataFingerprint = 'sha256:' + 'f'.repeat(64);
  assert.match(compareModel([{ label: 'a', report: a }, { label: 'b', report: b }], SHOWN).testSetWarning!, /come from different data \(a: 10 structures, data b3db2789; b: 4 structures, data ffffffff\)/);
  assert.equal(compareModel([{ label: 'a', report: a }, { label: 'b', report: b }], SHOWN, 'validation').testSetWarning, null, 'only the test set is checked');
});

test('ties are all marked, a lone value or all-equal values mark none, and missing values are skipped', () => {
  assert.deepEqual(bestIndices([1, 0.5, 0.5], METRICS.rmse), [1, 2]);
  assert.deepEqual(bestIndices([0.2, undefined, 0.1], METRICS.mace), [2]);
  assert.deepEqual(bestIndices([0.2, undefined], METRICS.mace), []);
  assert.deepEqual(bestIndices([0.3, 0.3], METRICS.rmse), []);
  assert.deepEqual(bestIndices([0.9, 0.99, NaN], METRICS.picp95), [1], '0.99 is 0.04 from 0.95, 0.9 is 0.05');
  assert.deepEqual(bestIndices([0.01, 0.02], METRICS.sharpness), [], 'sharpness has no direction');
});

test('runs with the same name get distinct column names', () => {
  assert.deepEqual(distinctLabels(['run', 'other', 'run', 'run']), ['run', 'other', 'run (2)', 'run (3)']);
});
