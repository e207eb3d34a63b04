/**
 * Prediction on the wasm kernels against the tfjs prediction pass on the shipped TiO2 fixture: networks and
 * deep ensembles (energies, forces, heteroscedastic variances) to 1e-5 relative; BNNs draw the same whole
 * weight sets from the same seeded generator on both engines, so each sample's energy agrees to 1e-5
 * relative too, the same seed gives the same output run to run, and μ and σ agree within Monte Carlo error.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import type { TrainingSample } from '../../../src/core/data/samples';
import { createModel } from '../../../src/core/estimators/create-model';
import { KernelPredictor } from '../../../src/core/kernels/energy-predict';
import type { ModelSpec } from '../../../src/core/models/potential';
import { predictSet, type PredictOptions, type SetPrediction, type StructurePrediction } from '../../../src/core/training/evaluate';
import type { PreparedData } from '../../../src/core/training/prepare';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let data: PreparedData;
/** Validation, test and 12 training structures; every third without force targets, every fifth without a Jacobian. */
let samples: TrainingSample[];
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(40, true).data;
  samples = [...data.validation, ...data.test, ...data.train.slice(0, 12)].map((s, i) => ({
    ...s,
    forces: i % 3 === 0 ? null : s.forces,
    descriptors: i % 5 === 4 ? { ...s.descriptors, jacobian: undefined } : s.descriptors,
  }));
});

const base = { elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh' as const, seed: 5 };

/** The same model's predictions on the kernels and on tfjs ops (batches of 7, so several batches and a short last one). */
function predictBoth(spec: ModelSpec, o: Omit<PredictOptions, 'batchSize'>): { k: SetPrediction; t: SetPrediction } {
  const model = createModel(spec);
  try {
    const k = predictSet(model, samples, data.std, data.norm, { ...o, batchSize: 7 });
    const t = predictSet(model, samples, data.std, data.norm, { ...o, batchSize: 7, kernels: false });
    assert.equal(k.engine.name, 'wasm-simd-kernels');
    assert.equal(t.engine.name, 'tfjs-ops');
    assert.equal(t.engine.reason, 'kernels switched off');
    return { k, t };
  } finally {
    model.dispose();
  }
}

const close = (a: number, b: number, scale: number, what: string, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol * scale, `${what}: kernels ${a} vs tfjs ${b} (tolerance ${tol * scale})`);

/** Energies (each row and μ) to 1e-5 of |μ|; forces per structure to 1e-5 of its largest |F| component. */
function assertSame(k: StructurePrediction[], t: StructurePrediction[], forces: boolean): void {
  assert.equal(k.length, t.length);
  k.forEach((p, i) => {
    const r = t[i];
    assert.equal(p.name, r.name);
    const scale = Math.abs(r.energy.mu);
    close(p.energy.mu, r.energy.mu, scale, `${p.name} μ`);
    close(p.energy.sigma, r.energy.sigma, scale, `${p.name} σ`);
    p.rows.forEach((e, j) => close(e, r.rows[j], scale, `${p.name} row ${j}`));
    assert.equal(p.forces === undefined, r.forces === undefined, `${p.name}: forces on both engines or on neither`);
    if (!p.forces || !r.forces) return;
    assert.equal(p.forces.truth === null, r.forces.truth === null);
    const fScale = Math.max(...r.forces.mu.map(Math.abs));
    p.forces.mu.forEach((f, c) => close(f, r.forces!.mu[c], fScale, `${p.name} F μ[${c}]`));
    p.forces.sigma.forEach((f, c) => close(f, r.forces!.sigma[c], fScale, `${p.name} F σ[${c}]`));
  });
  if (forces) {
    assert.ok(k.some((p) => p.forces && p.forces.truth === null), 'structures without force targets still get forces');
    assert.ok(k.some((p) => !p.forces), 'structures without a Jacobian get none');
  }
}

test('a deterministic network predicts the same energies and forces on the kernels as on tfjs ops (1e-5 relative)', () => {
  const { k, t } = predictBoth({ ...base, kind: 'deterministic', members: 1 }, { forces: true, samples: 1, seed: 1, ddof: 0 });
  assertSame(k.predictions, t.predictions, true);
  assert.ok(k.predictions.some((p) => p.forces && p.forces.mu.some((f) => Math.abs(f) > 1e-3)), 'nonzero forces');
});

test('a 10-member deep ensemble predicts the same μ, σ and member energies and forces on the kernels as on tfjs ops', () => {
  const { k, t } = predictBoth({ ...base, kind: 'ensemble', members: 10 }, { forces: true, samples: 1, seed: 1, ddof: 0 });
  assertSame(k.predictions, t.predictions, true);
  assert.ok(k.predictions.every((p) => p.energy.sigma > 0), 'members differ');
});

test('a heteroscedastic ensemble predicts the same mixture (μ, σ, aleatoric and epistemic parts) on the kernels', () => {
  const { k, t } = predictBoth({ ...base, kind: 'ensemble', members: 3, heteroscedastic: true }, { forces: false, samples: 1, seed: 1, ddof: 0 });
  assertSame(k.predictions, t.predictions, false);
  k.predictions.forEach((p, i) => {
    const r = t.predictions[i].energy;
    close(p.energy.aleatoric!, r.aleatoric!, r.aleatoric!, `${p.name} aleatoric`, 1e-4);
    close(p.energy.epistemic!, r.epistemic!, r.sigma ** 2, `${p.name} epistemic`, 1e-4);
    p.rowVariances!.forEach((v, j) => close(v, t.predictions[i].rowVariances![j], v, `${p.name} member ${j} variance`, 1e-4));
  });
});

for (const estimator of ['lrt', 'flipout', 'radial'] as const) {
  test(`${estimator} BNN: the kernels draw the tfjs prediction's weight sets from the same seed (20 samples, energies and forces)`, () => {
    const spec: ModelSpec = { ...base, kind: 'bnn', members: 1, estimator, priorScale: 0.3, qScale: 2e-2 };
    const o = { forces: estimator === 'lrt', samples: 20, seed: 81, ddof: 1 as const, observationNoise: { energy: 0.01, forces: 0.02 } };
    const { k, t } = predictBoth(spec, o);
    assertSame(k.predictions, t.predictions, o.forces);
    // Same seed, same output, run to run (a fresh kernel instance).
    const model = createModel(spec);
    const again = predictSet(model, samples, data.std, data.norm, { ...o, batchSize: 7 });
    model.dispose();
    assert.deepEqual(again.predictions, k.predictions);
    // And so, trivially, within Monte Carlo error: |Δμ| ≤ 3σ/√S, σ ratio within 3/√(2(S−1)).
    const S = o.samples;
    k.predictions.forEach((p, i) => {
      const r = t.predictions[i].energy;
      assert.ok(Math.abs(p.energy.mu - r.mu) <= (3 * r.sigma) / Math.sqrt(S), `${p.name} μ within MC error`);
      assert.ok(Math.abs(p.energy.sigma / r.sigma - 1) <= 3 / Math.sqrt(2 * (S - 1)), `${p.name} σ within MC error`);
    });
    assert.ok(k.predictions.every((p) => new Set(p.rows).size === S), 'every sample differs');
  });
}

test('a different seed draws different BNN weight sets on the kernels', () => {
  const model = createModel({ ...base, kind: 'bnn', members: 1, estimator: 'radial', priorScale: 0.3, qScale: 2e-2 });
  const o = { forces: false, samples: 4, ddof: 1 as const };
  const a = predictSet(model, samples, data.std, data.norm, { ...o, seed: 1 }).predictions;
  const b = predictSet(model, samples, data.std, data.norm, { ...o, seed: 2 }).predictions;
  model.dispose();
  assert.notEqual(a[0].rows[0], b[0].rows[0]);
});

test('the kernel predictor releases each batch: its memory does not grow with the number of batches predicted', () => {
  const model = createModel({ ...base, kind: 'ensemble', members: 2 });
  const lists = [[0, 1, 2], [3, 4, 5, 6, 7, 8, 9], [10, 11]];
  const p = KernelPredictor.create(model.layout, 2, samples, lists, data.std, true);
  assert.ok(typeof p !== 'string', String(p));
  const theta = model.exportParams().theta;
  model.dispose();
  const before = p.k.bytes;
  const first = p.predict(theta, lists[0]);
  for (const l of lists) p.predict(theta, l);
  assert.equal(p.k.bytes, before);
  assert.deepEqual(p.predict(theta, lists[0]), first, 'the same batch again gives the same outputs (released memory is zeroed)');
});
