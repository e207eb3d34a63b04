/**
 * The HTML export says how far to trust its numbers: each RMSE, MAE, MACE and PICP with its bootstrap
 * interval ("0.0121 [0.011, 0.0133]"), the small-n sentence for a set under 30 structures, and the σ-health
 * badge of each quantity; a report written before intervals renders its plain values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, type ReportInputs } from '../../../src/core/report/build-report';
import { renderHtmlReport } from '../../../src/core/report/html/html-report';
import { formatMetric, withInterval } from '../../../src/core/report/format-number';
import { Rng } from '../../../src/core/rng';
import type { StructurePrediction, UqReport } from '../../../src/protocol/report';

/** Energy errors N(0, 0.02²) with σ = 0.002: 10× over-confident. */
function structures(n: number, seed: number, prefix: string): StructurePrediction[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, atoms: 3, energyTrue: -5, energyPred: -5 + 0.02 * rng.normal(), energyStd: 0.004 }));
}

function report(): UqReport {
  const inputs: ReportInputs = {
    producer: {
      tool: { name: 'mlip-uq', version: '0.1.0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h',
      dataFingerprint: 'f', split: { train: [], validation: [], test: [] }, seeds: {}, wallTimeSeconds: {},
    },
    method: { method: 'ensemble', members: 5, trainForces: false },
    history: { epochs: [] },
    predictions: { validation: { structures: structures(60, 1, 'v') }, test: { structures: structures(10, 2, 't') } },
  };
  return buildReport(inputs);
}

test('the HTML report shows each interval metric with its interval, the small-n sentence and the σ-health badge', () => {
  const r = report();
  const html = renderHtmlReport(r);
  const raw = r.metrics.test!.energy!.raw;
  for (const k of ['rmse', 'mae', 'mace', 'picp95'] as const) {
    const text = withInterval(raw.metrics[k], raw.intervals![k]);
    assert.match(text, /^\S+ \[\S+, \S+\]$/);
    assert.ok(html.includes(`<td>${text}</td>`), `${k}: ${text}`);
  }
  assert.ok(html.includes('n = 10: too few test structures for these numbers to mean much'));
  assert.ok(!html.includes('too few validation structures'), '60 validation structures: no warning');
  const scale = r.recalibration.energy!.scale;
  assert.ok(scale > 2 && scale <= 10, `scale ${scale}`);
  assert.ok(html.includes(`<span class="badge over-confident"`), 'badge classed by state');
  assert.ok(html.includes(`energy σ over-confident · scale ${formatMetric(scale)}</span>`));
});

test('a report without intervals (written before them) shows its plain values', () => {
  const r = JSON.parse(JSON.stringify(report()), (k, v) => (k === 'intervals' ? undefined : v)) as UqReport;
  const html = renderHtmlReport(r);
  assert.ok(html.includes(`<td>${formatMetric(r.metrics.test!.energy!.raw.metrics.rmse)}</td>`));
  assert.ok(!html.includes('In brackets'));
});
