/**
 * Compare says how far to trust its numbers too: the comparison model and `mlip-uq compare` carry each
 * RMSE, MAE, MACE and PICP with its bootstrap interval, and name each run whose set has fewer than 30
 * structures; reports written before intervals compare as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UqReport } from '../../../src/protocol/report';
import { buildReport } from '../../../src/core/report/build-report';
import { compareModel } from '../../../src/core/report/compare-model';
import { withInterval } from '../../../src/core/report/format-number';
import { METRICS } from '../../../src/core/uq/metric-catalogue';
import { runCompare } from '../../../src/runner/commands/compare';

const load = (name: string): UqReport => JSON.parse(readFileSync(join(__dirname, '..', '..', 'webview', 'fixtures', name), 'utf8')) as UqReport;
/** A recorded fast report (10 test structures) rebuilt by today's buildReport, so it has intervals. */
const rebuilt = (name: string): UqReport => {
  const r = load(name);
  return buildReport({ producer: r.producer, method: r.method, history: r.history, predictions: Object.fromEntries(Object.entries(r.predictions).map(([s, p]) => [s, { structures: p!.structures }])) });
};

test('the comparison model carries each interval metric\'s interval per run and a small-n sentence per run', () => {
  const a = rebuilt('tio2-ensemble-fast.uqreport.json'), b = load('tio2-lrt-fast.uqreport.json');
  const m = compareModel([{ label: 'run-a', report: a }, { label: 'run-b', report: b }], [METRICS.count, METRICS.rmse, METRICS.mace]);
  const rmse = m.rows.find((r) => r.quantity === 'energy' && r.variant === 'raw' && r.metric.key === 'rmse')!;
  assert.deepEqual(rmse.intervals, [a.metrics.test!.energy!.raw.intervals!.rmse, undefined], 'run-b was written before intervals');
  assert.deepEqual(m.rows.find((r) => r.metric.key === 'count')!.intervals, [undefined, undefined], 'a count has none');
  assert.deepEqual(m.smallSampleWarnings, [
    'run-a: n = 10: too few test structures for these numbers to mean much',
    'run-b: n = 10: too few test structures for these numbers to mean much',
  ]);
});

test('mlip-uq compare prints "value [low, high]" cells and warns per run with fewer than 30 test structures', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cmp-trust-'));
  try {
    const a = rebuilt('tio2-ensemble-fast.uqreport.json');
    const fa = join(root, 'a.uqreport.json'), fb = join(root, 'b.uqreport.json');
    writeFileSync(fa, JSON.stringify(a));
    writeFileSync(fb, JSON.stringify(load('tio2-lrt-fast.uqreport.json')));
    let out = '', err = '';
    assert.equal(await runCompare([fa, fb, '--markdown'], { out: (s: string) => { out += s; }, err: (s: string) => { err += s; } }), 0);
    const raw = a.metrics.test!.energy!.raw;
    // Markdown cells escape the brackets (markdownCell): \[ \] unescaped to compare.
    const row = out.split('\n').find((l) => l.startsWith('| RMSE |'))!.split(' | ').map((c) => c.trim().replace(/\\([[\]])/g, '$1'));
    assert.equal(row[1].replace(/ \*$/, ''), withInterval(raw.metrics.rmse, raw.intervals!.rmse));
    assert.match(row[2], /^[\d.]+( \*)? \|$/, 'a report without intervals: the plain value');
    assert.match(err, /warning: DE×10 a: n = 10: too few test structures for these numbers to mean much\n/);
    assert.match(err, /warning: BNN lrt b: n = 10: too few test structures for these numbers to mean much\n/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
