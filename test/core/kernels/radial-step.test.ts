/**
 * Radial BNNs on the wasm kernels against the same Trainer on tfjs ops (autograd through the sampled weight
 * sets and radialKl): both draw the same weight sets from the same generator, so every epoch's data term,
 * KL term and validation RMSE must agree, for both KL weightings and K = 1 and 2 samples.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { BnnModel } from '../../../src/core/estimators/bnn-model';
import type { PreparedData } from '../../../src/core/training/prepare';
import type { BnnTrainingOptions } from '../../../src/core/training/options';
import { Trainer } from '../../../src/core/training/trainer';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(40, false).data;
});

/** The same radial Trainer on the kernels and on tfjs ops for `epochs` epochs; asserts which engine ran. */
function trainBoth(d: PreparedData, bnn: BnnTrainingOptions, alpha: number, epochs: number) {
  const run = (kernels: boolean) => {
    const model = new BnnModel({ kind: 'bnn', estimator: 'radial', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: 1, seed: 3, priorScale: 0.3, qScale: 5e-3 });
    const t = new Trainer(model, d.train, d.validation, d.std, {
      batchSize: 8, adam: { learningRate: 2e-3, beta1: 0.95, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
      alpha, patience: null, minDelta: 0, seed: 6, bnn, bootstrap: false, energyScale: d.norm.scale, kernels,
    });
    const stats = Array.from({ length: epochs }, () => t.runEpoch());
    const engine = t.engine.name;
    t.dispose(); model.dispose();
    return { engine, stats };
  };
  const k = run(true);
  const o = run(false);
  assert.equal(k.engine, 'wasm-simd-kernels');
  assert.equal(o.engine, 'tfjs-ops');
  return { k, o };
}

const close = (a: number, b: number, what: string, tol = 1e-3) => assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${what}: kernels ${a} vs tfjs ${b}`);

for (const [weighting, samples, likelihood] of [['paper', 2, 'per_atom'], ['standard', 1, 'per_atom'], ['paper_v2', 2, 'total']] as const) {
  const on = likelihood === 'total' ? ', total-energy likelihood' : '';
  test(`radial BNN (${weighting} KL weighting, K = ${samples}${on}): kernels follow tfjs ops epoch by epoch`, () => {
    const bnn: BnnTrainingOptions = { sigmaEnergy: 0.2, sigmaForces: 1, weighting, likelihood, trainSamples: samples, predictSamples: 4 };
    const { k, o } = trainBoth(data, bnn, 0, 4);
    k.stats.forEach((s, e) => {
      const r = o.stats[e];
      close(s.dataTerm, r.dataTerm, `data term, epoch ${e + 1}`);
      close(s.klTerm, r.klTerm, `KL term, epoch ${e + 1}`);
      close(s.trainLoss, r.trainLoss, `train loss, epoch ${e + 1}`);
      close(s.valEnergyRmse, r.valEnergyRmse, `validation RMSE, epoch ${e + 1}`, 2e-3);
      assert.ok(s.klTerm > 0, 'the KL term is positive');
    });
    assert.ok(k.stats[3].dataTerm < k.stats[0].dataTerm, 'the data term falls');
  });
}

test('radial BNN with forces (α = 0.2): kernels follow tfjs ops epoch by epoch (data, KL, energy and force RMSE)', () => {
  const forces = tio2Prepared(30, true).data;
  const bnn: BnnTrainingOptions = { sigmaEnergy: 0.2, sigmaForces: 0.5, weighting: 'paper', trainSamples: 2, predictSamples: 4 };
  const { k, o } = trainBoth(forces, bnn, 0.2, 3);
  k.stats.forEach((s, e) => {
    const r = o.stats[e];
    close(s.dataTerm, r.dataTerm, `data term, epoch ${e + 1}`);
    close(s.klTerm, r.klTerm, `KL term, epoch ${e + 1}`);
    close(s.valEnergyRmse, r.valEnergyRmse, `validation energy RMSE, epoch ${e + 1}`, 2e-3);
    close(s.valForceRmse!, r.valForceRmse!, `validation force RMSE, epoch ${e + 1}`, 2e-3);
  });
});
