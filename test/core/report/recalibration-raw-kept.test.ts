/**
 * A report whose held-out validation folds keep raw σ (method "none"): `recalibrated` is the raw evaluation,
 * `recalibratedBy` still holds both fits side by side, and the HTML says plainly that σ was left raw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, type ReportInputs, type SetPredictionInput } from '../../../src/core/report/build-report';
import { renderHtmlReport } from '../../../src/core/report/html/html-report';
import { reportSigmaHealth } from '../../../src/core/report/sigma-health-section';
import { validateReport } from '../../../src/core/report/validate-report';
import { normalPpf } from '../../../src/core/uq/special-functions';
import { mulberry32 } from '../../helpers/mulberry32';

/** n one-atom structures, energy errors Gaussian with standard deviation exactly σ (σ over a decade). */
function exactSigmaSet(prefix: string, n: number, seed: number): SetPredictionInput {
  const r = mulberry32(seed);
  return {
    structures: Array.from({ length: n }, (_, i) => {
      const energyStd = 0.001 * (1 + 9 * r());
      const energyTrue = -5 + r();
      return { name: `${prefix}${i}`, atoms: 1, energyTrue, energyPred: energyTrue + energyStd * normalPpf(r()), energyStd };
    }),
  };
}

function inputs(): ReportInputs {
  return {
    producer: {
      tool: { name: 'mlip-uq', version: '0.1.0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h',
      dataFingerprint: 'f', split: { train: [], validation: [], test: [] }, seeds: {}, wallTimeSeconds: {},
    },
    method: { method: 'ensemble', members: 5, trainForces: false },
    history: { epochs: [] },
    predictions: { validation: exactSigmaSet('v', 150, 1), test: exactSigmaSet('t', 200, 7) },
  };
}

test('raw σ kept on held-out folds: recalibrated equals raw, both fits still tabulated, held-out MACE of all three stored', () => {
  const r = validateReport(buildReport(inputs()));
  const e = r.recalibration.energy!;
  assert.equal(e.method, 'none', JSON.stringify(e.heldOutMace));
  const h = e.heldOutMace!;
  assert.ok(h.none! < h.scale && h.none! < h.isotonic, JSON.stringify(h));
  assert.equal(e.warning, undefined);
  for (const s of ['validation', 'test'] as const) {
    const m = r.metrics[s]!.energy!;
    assert.deepEqual(m.recalibrated, m.raw);
    assert.deepEqual(Object.keys(m.recalibratedBy!).sort(), ['isotonic', 'scale']);
    assert.notDeepEqual(m.recalibratedBy!.scale!.metrics, m.raw.metrics);
  }
  assert.ok(r.metrics.test!.energy!.recalibrated!.intervals, 'the kept raw evaluation carries its bootstrap intervals');
  // the σ-health badge still reads the validation-fitted scale (not applied, but the diagnostic)
  assert.equal(reportSigmaHealth(r).find((x) => x.quantity === 'energy')!.scale, e.scale);
});

test('the HTML report says raw σ was kept, marks raw as the default and lists its held-out MACE', () => {
  const r = buildReport(inputs());
  const html = renderHtmlReport(r);
  assert.ok(html.includes('default: none: σ shown as the model gives it, because raw σ was better calibrated on held-out validation folds than either fit'));
  assert.ok(html.includes('<th>raw (default)</th><th>scale</th><th>isotonic</th>'));
  assert.match(html, /held-out MACE \(5 folds\): raw 0\.0\d+, scale 0\.0\d+, isotonic 0\.0\d+/);
});
