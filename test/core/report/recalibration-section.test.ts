import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, type ReportInputs, type SetPredictionInput } from '../../../src/core/report/build-report';
import { validateReport } from '../../../src/core/report/validate-report';
import { renderHtmlReport } from '../../../src/core/report/html/html-report';
import { evaluatePredictions } from '../../../src/core/uq/evaluate';
import { normalPpf } from '../../../src/core/uq/special-functions';
import { MIN_RECALIBRATION_POINTS } from '../../../src/core/report/recalibration-section';

/**
 * A set of `n` two-atom structures (one Ti, one O): energies with σ `energyTooSmall`× too small,
 * forces with Ti σ 3× too small and O σ 1/0.7 ≈ 1.4× too large, errors at normal quantiles (deterministic).
 */
function set(prefix: string, n: number, energyTooSmall: number, offset: number): SetPredictionInput {
  const q = (i: number, m: number) => normalPpf(((i * 7919) % m + offset) / m);
  const structures = Array.from({ length: n }, (_, i) => ({
    name: `${prefix}${i}`, atoms: 2, energyTrue: -5 + i * 1e-3, energyPred: -5 + i * 1e-3 + 0.002 * energyTooSmall * q(i, n), energyStd: 0.002,
  }));
  const m = 6 * n, t: number[] = [], p: number[] = [], s: number[] = [], elements: string[] = [];
  for (let k = 0; k < m; k++) {
    const ti = Math.floor(k / 3) % 2 === 0;
    const sigma = 0.05 * (1 + (k % 5) / 5);
    t.push(0.1 * Math.sin(k));
    p.push(t[k] + sigma * (ti ? 3 : 0.7) * q(k, m));
    s.push(sigma);
  }
  for (let i = 0; i < n; i++) elements.push('Ti', 'O');
  return { structures, forces: { true: t, pred: p, std: s, elements } };
}

function inputs(): ReportInputs {
  return {
    producer: {
      tool: { name: 'mlip-uq', version: '0.1.0' }, backend: { name: 'cpu' }, config: {}, configHash: 'h',
      dataFingerprint: 'f', split: { train: [], validation: [], test: [] }, seeds: {}, wallTimeSeconds: {},
    },
    method: { method: 'bnn', estimator: 'lrt', samples: 20, trainForces: true },
    history: { epochs: [] },
    predictions: { validation: set('v', 400, 15, 0.5), test: set('t', 300, 15, 0.3) },
  };
}

test('the report recalibrates energy and forces per element on validation, raw and recalibrated side by side, and validates', () => {
  const r = validateReport(buildReport(inputs()));
  const e = r.recalibration.energy!;
  assert.ok(Math.abs(e.scale / 15 - 1) < 0.05, `energy scale ${e.scale}`);
  assert.ok(e.method === 'scale' || e.method === 'isotonic');
  assert.equal(e.warning, 'Energy σ is 15× too small on validation; recalibrated σ shown.');
  const f = r.recalibration.forces!;
  assert.deepEqual(Object.keys(f.perElement!), ['O', 'Ti']);
  assert.ok(Math.abs(f.perElement!.Ti.scale / 3 - 1) < 0.05, `Ti ${f.perElement!.Ti.scale}`);
  assert.ok(Math.abs(f.perElement!.O.scale / 0.7 - 1) < 0.05, `O ${f.perElement!.O.scale}`);
  assert.ok(/Force \(Ti\) σ is (2.9|3|3.1)× too small on validation; recalibrated σ shown\./.test(f.warning!) && !/\(O\)/.test(f.warning!), f.warning);
  for (const q of ['energy', 'forces'] as const) {
    const m = r.metrics.test![q]!;
    assert.ok(m.raw.metrics.mace > 0.08, `${q} raw test MACE ${m.raw.metrics.mace}`);
    assert.ok(m.recalibrated!.metrics.mace < 0.03, `${q} recalibrated test MACE ${m.recalibrated!.metrics.mace}`);
    assert.ok(m.recalibratedBy!.scale && m.recalibratedBy!.isotonic);
    const method = r.recalibration[q]!.method!;
    assert.deepEqual(m.recalibrated, method === 'none' ? m.raw : m.recalibratedBy![method]);
    assert.equal(m.recalibrated!.metrics.rmse, m.raw.metrics.rmse);
  }
  assert.deepEqual(r.predictions.test!.forces!.elements!.slice(0, 4), ['Ti', 'O', 'Ti', 'O']);
});

test('the scale method\'s test metrics are σ multiplied by the validation scale, per element for forces', () => {
  const inp = inputs();
  const r = buildReport(inp);
  const t = inp.predictions.test!;
  const e = r.recalibration.energy!.scale;
  const byHand = evaluatePredictions({
    yTrue: t.structures.map((s) => s.energyTrue), yPred: t.structures.map((s) => s.energyPred), yStd: t.structures.map((s) => s.energyStd * e),
  }).metrics;
  assert.deepEqual(r.metrics.test!.energy!.recalibratedBy!.scale!.metrics, byHand);
  const per = r.recalibration.forces!.perElement!;
  const f = t.forces!;
  const std = Array.from(f.std, (s, k) => s * per[f.elements![Math.floor(k / 3)]].scale);
  assert.deepEqual(r.metrics.test!.forces!.recalibratedBy!.scale!.metrics, evaluatePredictions({ yTrue: f.true, yPred: f.pred, yStd: std }).metrics);
});

test('a deterministic model (σ = 0 everywhere) is not recalibrated, and says why', () => {
  const inp = inputs();
  for (const s of [inp.predictions.validation!, inp.predictions.test!]) {
    s.structures.forEach((x) => { x.energyStd = 0; });
    delete s.forces;
  }
  const r = validateReport(buildReport(inp));
  assert.equal(r.recalibration.energy!.scale, 1);
  assert.match(r.recalibration.energy!.note!, /zero/);
  assert.equal(r.recalibration.energy!.warning, undefined);
  assert.equal(r.metrics.test!.energy!.recalibrated, undefined);
});

test('the HTML report states the warning in plain words and tabulates raw against each method, the default marked', () => {
  const r = buildReport(inputs());
  const html = renderHtmlReport(r);
  assert.ok(html.includes('⚠ Energy σ is 15× too small on validation; recalibrated σ shown.'));
  assert.ok(html.includes(`<th>${r.recalibration.energy!.method} (default)</th>`), 'default method marked');
  assert.ok(/per element: O ×0\.\d+, Ti ×\d(\.\d+)?;/.test(html), 'per-element scales listed');
});

/**
 * Energy-only structures of one atom, σ = 0.01 eV and error ±0.02 eV alternating: |e|/σ = 2 for every one,
 * so raw 95 % intervals (±1.96σ) hold none of them (PICP95 = 0), and any σ scale above 2/1.96 ≈ 1.02
 * holds all of them (PICP95 = 1).
 */
function twoSigmaSet(prefix: string, n: number): SetPredictionInput {
  return {
    structures: Array.from({ length: n }, (_, i) => ({
      name: `${prefix}${i}`, atoms: 1, energyTrue: -5 + 0.1 * i, energyPred: -5 + 0.1 * i + (i % 2 ? -0.02 : 0.02), energyStd: 0.01,
    })),
  };
}

function twoSigmaReport(validation: number) {
  const inp = inputs();
  inp.predictions = { validation: twoSigmaSet('v', validation), test: twoSigmaSet('t', 30) };
  return validateReport(buildReport(inp));
}

test('MIN_RECALIBRATION_POINTS: fewer than 20 validation values leave σ raw and the note says why; 20 are recalibrated', () => {
  assert.equal(MIN_RECALIBRATION_POINTS, 20);
  for (const n of [10, 19]) {
    const r = twoSigmaReport(n);
    assert.deepEqual(r.recalibration.energy, {
      scale: 1, fittedOn: 'validation', count: n,
      note: `only ${n} validation values (fewer than 20): too few to fit a recalibration; σ left raw`,
    });
    const m = r.metrics.test!.energy!;
    assert.equal(m.recalibrated, undefined, `${n} validation values: no recalibrated evaluation`);
    assert.equal(m.recalibratedBy, undefined);
    assert.equal(m.raw.metrics.picp95, 0, 'σ raw: no ±1.96σ interval holds a 2σ error');
  }
  for (const n of [20, 40]) {
    const r = twoSigmaReport(n);
    const rec = r.recalibration.energy!;
    assert.equal(rec.count, n);
    assert.ok(!/too few to fit/.test(rec.note ?? ''), rec.note);
    assert.ok(rec.scale > 2 / 1.96, `a 2σ error on every value needs σ scaled up, got ${rec.scale}`);
    const m = r.metrics.test!.energy!;
    assert.equal(m.raw.metrics.picp95, 0);
    assert.equal(m.recalibratedBy!.scale!.metrics.picp95, 1, `${n} validation values: recalibrated σ covers every 2σ error`);
  }
});
