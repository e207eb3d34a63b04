/**
 * The wasm-kernel training step against tfjs autograd (an independent implementation) on real TiO2
 * structures: per-member structure energies, the ensemble loss and its gradient with respect to every
 * parameter, for widths that are and are not multiples of four, one to three hidden layers, one or several
 * members, with and without bootstrap weights; and validation sums against the tfjs prediction.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { MlpKernel } from '../../../src/core/kernels/mlp-kernel';
import { EnsembleModel } from '../../../src/core/models/ensemble';
import { buildBatch, disposeBatch } from '../../../src/core/data/batch';
import { KernelEnergyPath } from '../../../src/core/kernels/energy-path';
import { ensembleLoss } from '../../../src/core/training/losses';
import { Trainer } from '../../../src/core/training/trainer';
import type { PreparedData } from '../../../src/core/training/prepare';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(40, false).data;
});

function kernel(): MlpKernel {
  const k = MlpKernel.create();
  if (typeof k === 'string') throw new Error(k);
  return k;
}

const cases: { name: string; hidden: number[]; members: number; bootstrap: boolean; heteroscedastic?: boolean }[] = [
  { name: '3 heteroscedastic members (variance logits, Gaussian NLL)', hidden: [15, 15], members: 3, bootstrap: false, heteroscedastic: true },
  { name: '2 heteroscedastic members with bootstrap weights, 5-9', hidden: [5, 9], members: 2, bootstrap: true, heteroscedastic: true },
  { name: 'one 2×15 network', hidden: [15, 15], members: 1, bootstrap: false },
  { name: '3-member 2×15 ensemble', hidden: [15, 15], members: 3, bootstrap: false },
  { name: '2 members, one hidden layer of 6', hidden: [6], members: 2, bootstrap: false },
  { name: '2 members, 5-9-3 with bootstrap weights', hidden: [5, 9, 3], members: 2, bootstrap: true },
  { name: '5 members, 2×15 (layer 0: 20 groups, chunks and none left over)', hidden: [15, 15], members: 5, bootstrap: false },
  { name: '3 members, 2×10 (layer 0: 9 groups, one left over)', hidden: [10, 10], members: 3, bootstrap: false },
];

for (const c of cases) {
  test(`kernel step equals tfjs autograd: ${c.name}`, () => {
    const model = new EnsembleModel({ kind: c.members > 1 ? 'ensemble' : 'deterministic', elements: ELEMENTS, dims: [16, 16], hidden: c.hidden, activation: 'tanh', members: c.members, seed: 5, heteroscedastic: c.heteroscedastic });
    const train = data.train;
    const batches = [train.slice(0, 9).map((_, i) => i), train.slice(9, 25).map((_, i) => 9 + i)];
    const path = new KernelEnergyPath(kernel(), model.layout, c.members, train, batches, data.validation, data.std);
    // Multiplicities 0-3 per member and structure, as a bootstrap resample would give.
    const weights = c.bootstrap ? Array.from({ length: c.members }, (_, m) => Float32Array.from(train, (_, i) => (i * 7 + m * 3) % 4)) : null;
    const theta = model.exportParams().theta;
    for (let bi = 0; bi < batches.length; bi++) {
      const samples = batches[bi].map((i) => train[i]);
      const batch = buildBatch(samples, data.std, { forces: false, requireForceTargets: false });
      const w = weights ? tf.tensor2d(weights.flatMap((row) => batches[bi].map((i) => row[i])), [c.members, samples.length]) : null;
      const { value, grads } = tf.variableGrads(() => ensembleLoss(model.train(batch, false), batch, 0, w).total, [model.theta]);
      const refEnergy = model.predict(batch, false).energy.arraySync() as number[][];
      const refLoss = value.dataSync()[0];
      const refGrad = grads[model.theta.name].dataSync();
      const grad = new Float32Array(theta.length);
      const loss = path.step(theta, bi, grad, weights);
      const energies = path.batchEnergies(theta, bi);
      for (let m = 0; m < c.members; m++) {
        for (let b = 0; b < samples.length; b++) {
          assert.ok(Math.abs(energies[m][b] - refEnergy[m][b]) <= 2e-5 * (1 + Math.abs(refEnergy[m][b])), `energy m${m} b${b}: ${energies[m][b]} vs ${refEnergy[m][b]}`);
        }
      }
      assert.ok(Math.abs(loss.total - refLoss) <= 1e-5 * Math.abs(refLoss), `loss ${loss.total} vs ${refLoss}`);
      let scale = 0;
      for (const g of refGrad) scale = Math.max(scale, Math.abs(g));
      assert.ok(scale > 0);
      for (let i = 0; i < refGrad.length; i++) {
        assert.ok(Math.abs(grad[i] - refGrad[i]) <= 1e-4 * scale, `∂/∂θ[${i}]: ${grad[i]} vs ${refGrad[i]} (max |g| ${scale})`);
      }
      tf.dispose([value, ...Object.values(grads)]);
      w?.dispose();
      disposeBatch(batch);
    }
    // Validation sums against the tfjs prediction of the whole validation set.
    const val = buildBatch(data.validation, data.std, { forces: false, requireForceTargets: false });
    const e = model.predict(val, false).energy.arraySync() as number[][];
    const v = path.validate(theta);
    assert.equal(v.n, data.validation.length);
    let meanSq = 0;
    const memberSq = new Array<number>(c.members).fill(0);
    data.validation.forEach((s, b) => {
      let mean = 0;
      for (let m = 0; m < c.members; m++) {
        const err = (e[m][b] - s.energy) / s.nAtoms;
        memberSq[m] += err * err; mean += err / c.members;
      }
      meanSq += mean * mean;
    });
    assert.ok(Math.abs(v.meanSq - meanSq) <= 1e-4 * meanSq, `validation Σe² ${v.meanSq} vs ${meanSq}`);
    memberSq.forEach((s, m) => assert.ok(Math.abs(v.memberSq[m] - s) <= 1e-4 * s));
    disposeBatch(val);
    model.dispose();
  });
}

test('kernel tanh is within 4e-7 of Math.tanh over [−12, 12] (relative 5e-7 where |tanh| > 1e-3)', () => {
  const k = kernel();
  const n = 100_000;
  const at = k.alloc(n);
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = -12 + (24 * i) / n;
  k.f32.set(xs, at / 4);
  k.k.tanh_inplace(at, n / 4);
  const out = k.f32.subarray(at / 4, at / 4 + n);
  for (let i = 0; i < n; i++) {
    const t = Math.tanh(xs[i]);
    assert.ok(Math.abs(out[i] - t) <= 4e-7, `tanh(${xs[i]}) = ${out[i]}, expected ${t}`);
    if (Math.abs(t) > 1e-3) assert.ok(Math.abs(out[i] - t) <= 5e-7 * Math.abs(t), `relative error at ${xs[i]}`);
  }
});

test('a Trainer on the kernels follows the same Trainer on tfjs ops epoch by epoch (flat Adam = tfjs Adam, clip and weight decay on)', () => {
  const spec = { kind: 'ensemble' as const, elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh' as const, members: 2, seed: 9 };
  const losses = (kernels: boolean): { engine: string; train: number[]; val: number[]; members: number[] } => {
    const model = new EnsembleModel(spec);
    const t = new Trainer(model, data.train, data.validation, data.std, {
      batchSize: 8, adam: { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-3, clip: 0.05 },
      alpha: 0, patience: null, minDelta: 0, seed: 4, bnn: null, bootstrap: false, energyScale: data.norm.scale, kernels,
    });
    const train: number[] = [], val: number[] = [];
    let members: number[] = [];
    for (let e = 0; e < 4; e++) {
      const s = t.runEpoch();
      train.push(s.trainLoss); val.push(s.valEnergyRmse);
      members = s.members!.map((m) => m.valEnergyRmse ?? NaN);
    }
    const engine = t.engine.name;
    t.dispose(); model.dispose();
    return { engine, train, val, members };
  };
  const k = losses(true);
  const o = losses(false);
  assert.equal(k.engine, 'wasm-simd-kernels');
  assert.equal(o.engine, 'tfjs-ops');
  assert.ok(k.train[3] < k.train[0], 'the loss falls');
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-3 * Math.abs(b), `${what}: kernels ${a} vs tfjs ${b}`);
  k.train.forEach((x, e) => close(x, o.train[e], `train loss, epoch ${e + 1}`));
  k.val.forEach((x, e) => close(x, o.val[e], `validation RMSE, epoch ${e + 1}`));
  k.members.forEach((x, m) => close(x, o.members[m], `member ${m} validation RMSE`));
});

let forceData: PreparedData;
const forceCases: { name: string; hidden: number[]; members: number; bootstrap: boolean; heteroscedastic?: boolean }[] = [
  { name: 'one 2×15 network', hidden: [15, 15], members: 1, bootstrap: false },
  { name: '3 members, 2×10, bootstrap weights', hidden: [10, 10], members: 3, bootstrap: true },
  { name: '2 members, 5-9-3', hidden: [5, 9, 3], members: 2, bootstrap: false },
  { name: '2 heteroscedastic members', hidden: [15, 15], members: 2, bootstrap: false, heteroscedastic: true },
];
for (const c of forceCases) {
  test(`kernel step with forces (α = 0.3) equals tfjs autograd through the descriptor Jacobian: ${c.name}`, () => {
    forceData ??= tio2Prepared(30, true).data;
    const data = forceData;
    const model = new EnsembleModel({ kind: c.members > 1 ? 'ensemble' : 'deterministic', elements: ELEMENTS, dims: [16, 16], hidden: c.hidden, activation: 'tanh', members: c.members, seed: 8, heteroscedastic: c.heteroscedastic });
    const train = data.train;
    // Some structures lose their force targets, so batches mix force and energy-only structures.
    const samples = train.map((s, i) => (i % 3 === 1 ? { ...s, forces: null } : s));
    const batches = [[0, 1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12, 13, 14, 15]];
    const alpha = 0.3;
    const path = new KernelEnergyPath(kernel(), model.layout, c.members, samples, batches, [], data.std, alpha);
    const weights = c.bootstrap ? Array.from({ length: c.members }, (_, m) => Float32Array.from(samples, (_, i) => (i * 5 + m) % 3)) : null;
    const theta = model.exportParams().theta;
    for (let bi = 0; bi < batches.length; bi++) {
      const list = batches[bi].map((i) => samples[i]);
      const batch = buildBatch(list, data.std, { forces: true, requireForceTargets: true });
      assert.ok(batch.forceAtoms > 0 && batch.forceStructures.length < list.length, 'the batch mixes force and energy-only structures');
      const w = weights ? tf.tensor2d(weights.flatMap((row) => batches[bi].map((i) => row[i])), [c.members, list.length]) : null;
      const { value, grads } = tf.variableGrads(() => ensembleLoss(model.train(batch, true), batch, alpha, w).total, [model.theta]);
      const refLoss = value.dataSync()[0];
      const refGrad = grads[model.theta.name].dataSync();
      const grad = new Float32Array(theta.length);
      const loss = path.step(theta, bi, grad, weights);
      assert.ok(Math.abs(loss.total - refLoss) <= 1e-5 * Math.abs(refLoss), `loss ${loss.total} vs ${refLoss}`);
      let scale = 0;
      for (const g of refGrad) scale = Math.max(scale, Math.abs(g));
      for (let i = 0; i < refGrad.length; i++) {
        assert.ok(Math.abs(grad[i] - refGrad[i]) <= 2e-4 * scale, `∂/∂θ[${i}]: ${grad[i]} vs ${refGrad[i]} (max |g| ${scale})`);
      }
      tf.dispose([value, ...Object.values(grads)]);
      w?.dispose();
      disposeBatch(batch);
    }
    model.dispose();
  });
}

test('a Trainer with forces on the kernels follows the same Trainer on tfjs ops (losses, energy and force RMSE)', () => {
  forceData ??= tio2Prepared(30, true).data;
  const data = forceData;
  const run = (kernels: boolean) => {
    const model = new EnsembleModel({ kind: 'ensemble', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: 2, seed: 9 });
    const t = new Trainer(model, data.train, data.validation, data.std, {
      batchSize: 8, adam: { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
      alpha: 0.1, patience: null, minDelta: 0, seed: 4, bnn: null, bootstrap: false, energyScale: data.norm.scale, kernels,
    });
    const stats = Array.from({ length: 3 }, () => t.runEpoch());
    const engine = t.engine.name;
    t.dispose(); model.dispose();
    return { engine, stats };
  };
  const k = run(true);
  const o = run(false);
  assert.equal(k.engine, 'wasm-simd-kernels');
  assert.equal(o.engine, 'tfjs-ops');
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-3 * Math.abs(b), `${what}: kernels ${a} vs tfjs ${b}`);
  k.stats.forEach((s, e) => {
    close(s.trainLoss, o.stats[e].trainLoss, `train loss, epoch ${e + 1}`);
    close(s.valEnergyRmse, o.stats[e].valEnergyRmse, `validation energy RMSE, epoch ${e + 1}`);
    assert.ok(s.valForceRmse !== undefined && o.stats[e].valForceRmse !== undefined);
    close(s.valForceRmse!, o.stats[e].valForceRmse!, `validation force RMSE, epoch ${e + 1}`);
    close(s.valLoss, o.stats[e].valLoss, `validation loss, epoch ${e + 1}`);
  });
});
