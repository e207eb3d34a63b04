/**
 * Heteroscedastic deep-ensemble members (methods.md §4; Lakshminarayanan et al. 2017) trained on 60 real
 * TiO2 structures: each member's loss is the Gaussian NLL ½[log v + e²/v] of the per-atom energy with
 * v = Σ_i softplus(s_i)/N² + 1e-6, recomputed here in float64 from the parameter rows; the ensemble's
 * σ² = mean(σ_m² + μ_m²) − μ² recomputed from the per-member values; forces still −∂E/∂R of the energy
 * output alone; repeatable and resumable.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { featurize } from '../../../src/core/descriptors/featurize';
import type { Standardisation } from '../../../src/core/descriptors/types';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ParamLayout } from '../../../src/core/models/layout';
import type { ModelSpec } from '../../../src/core/models/potential';
import { buildBatch, disposeBatch } from '../../../src/core/data/batch';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/core/training/checkpoint';
import { predictSamples, type StructurePrediction } from '../../../src/core/training/evaluate';
import { ensembleLoss } from '../../../src/core/training/losses';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Rng } from '../../../src/core/rng';
import type { TrainingSample } from '../../../src/core/data/samples';
import type { TrainerOptions } from '../../../src/core/training/options';
import { Trainer, type EpochStats } from '../../../src/core/training/trainer';
import type { Structure } from '../../../src/core/structures/types';
import { energyFloat64 } from '../models/float64-reference';
import { ELEMENTS, smallSetups, tio2Prepared } from './tio2-sample';

let energyData: PreparedData;
let forceData: PreparedData;
let forceStructures: Structure[];
before(async () => {
  await selectBackend({ backend: 'wasm' });
  energyData = tio2Prepared(60, false).data;
  const f = tio2Prepared(12, true);
  forceData = f.data;
  forceStructures = f.structures;
});

const MEMBERS = 3;
const spec: ModelSpec = { kind: 'ensemble', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: MEMBERS, seed: 11, heteroscedastic: true };

function options(o: Partial<TrainerOptions> = {}): TrainerOptions {
  return {
    batchSize: 16, adam: { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
    alpha: 0, patience: null, minDelta: 0, seed: 3, bnn: null, bootstrap: false, energyScale: energyData.norm.scale, ...o,
  };
}

/** Both outputs (atomic energy, variance logit) of every atom of a structure, in float64 from one parameter row. */
function atomOutputs(row: ArrayLike<number>, layout: ParamLayout, s: TrainingSample, std: Standardisation[]): [number, number][] {
  const d = s.descriptors;
  const out: [number, number][] = [];
  for (let i = 0; i < s.nAtoms; i++) {
    const e = s.element[i];
    let h = Array.from({ length: d.dims[i] }, (_, k) => (d.values[d.offsets[i] + k] - std[e].mean[k]) * std[e].scale[k]);
    const slots = layout.slots.filter((t) => t.element === e);
    for (let l = 0; l < slots.length; l += 2) {
      const [w, b] = [slots[l], slots[l + 1]];
      const z = Array.from({ length: w.cols }, (_, c) => h.reduce((acc, x, r) => acc + x * row[w.offset + r * w.cols + c], row[b.offset + c]));
      h = l + 2 < slots.length ? z.map(Math.tanh) : z;
    }
    assert.equal(h.length, 2, 'a heteroscedastic output layer has two columns');
    out.push([h[0], h[1]]);
  }
  return out;
}

const softplus = (x: number) => Math.log1p(Math.exp(x));

/** ½[log v + (Ê/N − μ/N)²/v] with v = Σ softplus(s_i)/N² + 1e-6, from the float64 outputs. */
function nllByHand(row: ArrayLike<number>, layout: ParamLayout, s: TrainingSample, std: Standardisation[]): number {
  const outs = atomOutputs(row, layout, s, std);
  const n = s.nAtoms;
  const energy = outs.reduce((a, [e]) => a + e, 0);
  const v = outs.reduce((a, [, l]) => a + softplus(l), 0) / (n * n) + 1e-6;
  const err = (energy - s.energy) / n;
  return 0.5 * (Math.log(v) + (err * err) / v);
}

function memberRows(theta: Float32Array, layout: ParamLayout): Float32Array[] {
  return Array.from({ length: theta.length / layout.size }, (_, m) => theta.subarray(m * layout.size, (m + 1) * layout.size));
}

/** The bootstrap multiplicities the trainer's own batches carry, per member and training structure. */
/** The resample the trainer uses (both training engines read these counts). */
function trainerCounts(trainer: Trainer): number[][] {
  return trainer.bootstrapCounts!.map((c) => Array.from(c));
}

for (const bootstrap of [false, true]) {
  test(`the NLL a one-batch epoch reports equals ½[log v + e²/v] from the members' two outputs per atom${bootstrap ? ' (bootstrap weights)' : ''}`, () => {
    const data = energyData;
    const model = createModel(spec);
    assert.equal(model.layout.outputs, 2);
    const theta = model.exportParams().theta;
    // One batch holds the whole training split, so the epoch's loss is that batch's, at the initial parameters.
    const trainer = new Trainer(model, data.train, data.validation, data.std, options({ batchSize: 64, bootstrap }));
    const counts = bootstrap ? trainerCounts(trainer) : null;
    const stats = trainer.runEpoch();
    trainer.dispose();
    model.dispose();
    const perMember = memberRows(theta, model.layout).map((row, m) => {
      const w = counts ? counts[m] : data.train.map(() => 1);
      const total = data.train.reduce((a, s, i) => a + w[i] * nllByHand(row, model.layout, s, data.std), 0);
      return total / w.reduce((a, b) => a + b, 0);
    });
    perMember.forEach((nll, m) => {
      const got = stats.members![m].trainLoss;
      assert.ok(Math.abs(got - nll) <= 1e-4 * Math.abs(nll) + 1e-5, `member ${m}: trainer ${got}, by hand ${nll}`);
    });
    const mean = perMember.reduce((a, b) => a + b, 0) / MEMBERS;
    assert.ok(Math.abs(stats.dataTerm - mean) <= 1e-4 * Math.abs(mean) + 1e-5, `data term ${stats.dataTerm}, by hand ${mean}`);
    assert.equal(stats.klTerm, 0);
  });
}

test('with forces the member loss is (1−α)·NLL + α·RMSE(F̂), from the model\'s own energies, variances and forces', () => {
  const data = forceData;
  const model = createModel(spec);
  const batch = buildBatch(data.train, data.std, { forces: true, requireForceTargets: true });
  const alpha = 0.1;
  const [perRow, energy, variance, forces] = tf.tidy(() => {
    const out = model.train(batch, true, 1, new Rng(0));
    return [ensembleLoss(out, batch, alpha, null).perRow, out.energy, out.variance!, out.forces!].map((t) => tf.keep(t));
  });
  const [loss, e, v, f] = [perRow.arraySync() as number[], energy.arraySync() as number[][], variance.arraySync() as number[][], forces.arraySync() as number[][][]];
  const target = batch.forceTarget!.arraySync();
  tf.dispose([perRow, energy, variance, forces]);
  disposeBatch(batch);
  model.dispose();
  assert.ok(target.length > 0, 'forces are trained');
  for (let m = 0; m < MEMBERS; m++) {
    const nll = data.train.reduce((a, s, b) => {
      const err = (e[m][b] - s.energy) / s.nAtoms;
      return a + 0.5 * (Math.log(v[m][b]) + (err * err) / v[m][b]);
    }, 0) / data.train.length;
    let sq = 0;
    target.forEach((t, k) => t.forEach((x, c) => { sq += (f[m][k][c] - x) ** 2; }));
    const expected = (1 - alpha) * nll + alpha * Math.sqrt(sq / (3 * target.length));
    assert.ok(Math.abs(loss[m] - expected) <= 1e-5 * Math.abs(expected) + 1e-6, `member ${m}: ${loss[m]} vs ${expected}`);
  }
});

interface Outcome { stats: EpochStats[]; preds: StructurePrediction[] }

function train(epochs: number, o: Partial<TrainerOptions> = {}): Outcome {
  const data = energyData;
  const model = createModel(spec);
  const trainer = new Trainer(model, data.train, data.validation, data.std, options(o));
  const stats = Array.from({ length: epochs }, () => trainer.runEpoch());
  const preds = predictSamples(model, data.test, data.std, data.norm, { forces: false, samples: 1, seed: 1, ddof: 0 });
  trainer.dispose();
  model.dispose();
  return { stats, preds };
}

const popVariance = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
};

test('training lowers the NLL; every member predicts σ_m > 0 that varies across structures; σ² = mean(σ_m² + μ_m²) − μ² ≥ the spread', () => {
  const a = train(6);
  const [first, last] = [a.stats[0], a.stats[a.stats.length - 1]];
  assert.ok(last.trainLoss < first.trainLoss, `loss falls: ${first.trainLoss} → ${last.trainLoss}`);
  assert.ok(a.stats.every((s) => s.members!.length === MEMBERS && Number.isFinite(s.valEnergyRmse)));
  for (const p of a.preds) {
    assert.equal(p.rows.length, MEMBERS);
    assert.equal(p.rowVariances?.length, MEMBERS);
    assert.ok(p.rowVariances!.every((v) => v > 0), `${p.name}: σ_m² > 0`);
    const mu = p.rows.reduce((x, y) => x + y, 0) / MEMBERS;
    const variance = p.rows.reduce((x, r, m) => x + p.rowVariances![m] + r * r, 0) / MEMBERS - mu * mu;
    assert.ok(Math.abs(p.energy.mu - mu) <= 1e-9 * Math.abs(mu), `${p.name}: μ`);
    // The textbook difference cancels at |μ| ≈ 10² eV: compare within its own round-off (~1e-16·μ²).
    assert.ok(Math.abs(p.energy.sigma ** 2 - variance) <= 1e-12 * mu * mu + 1e-9 * variance, `${p.name}: σ² ${p.energy.sigma ** 2} vs ${variance}`);
    const spread = popVariance(p.rows);
    assert.ok(p.energy.sigma ** 2 >= spread, `${p.name}: σ covers the members' spread`);
    assert.ok(Math.abs(p.energy.epistemic! - spread) <= 1e-9 * spread + 1e-12);
    assert.ok(Math.abs(p.energy.aleatoric! - p.rowVariances!.reduce((x, y) => x + y, 0) / MEMBERS) <= 1e-12 * p.energy.aleatoric!);
  }
  for (let m = 0; m < MEMBERS; m++) {
    const perAtom = a.preds.map((p) => Math.sqrt(p.rowVariances![m]) / p.nAtoms);
    assert.ok(Math.max(...perAtom) > 1.05 * Math.min(...perAtom), `member ${m}: σ_m varies across structures: ${perAtom.map((x) => x.toExponential(2)).join(' ')}`);
  }
  const b = train(2);
  for (let e = 0; e < 2; e++) assert.equal(b.stats[e].trainLoss, a.stats[e].trainLoss, 'same seed, same backend: identical loss');
});

test('checkpoint and resume reach the numbers of an uninterrupted heteroscedastic run', () => {
  const straight = train(4, { bootstrap: true });
  const data = energyData;
  const first = createModel(spec);
  const t1 = new Trainer(first, data.train, data.validation, data.std, options({ bootstrap: true }));
  t1.runEpoch(); t1.runEpoch();
  const text = encodeCheckpoint(t1.state());
  t1.dispose(); first.dispose();
  const model = createModel(spec);
  const t2 = new Trainer(model, data.train, data.validation, data.std, options({ bootstrap: true }));
  t2.restore(decodeCheckpoint(text).state);
  const resumed = [t2.runEpoch(), t2.runEpoch()];
  const preds = predictSamples(model, data.test, data.std, data.norm, { forces: false, samples: 1, seed: 1, ddof: 0 });
  t2.dispose(); model.dispose();
  assert.equal(resumed[1].epoch, 4);
  assert.equal(resumed[1].trainLoss, straight.stats[3].trainLoss);
  assert.deepEqual(preds.map((p) => p.energy.sigma), straight.preds.map((p) => p.energy.sigma));
});

test('predicted forces are −∂E/∂R of the energy output alone (float64 finite differences, variance weights enlarged)', () => {
  const data = forceData;
  const model = createModel({ ...spec, seed: 5 });
  // A variance head with full-size weights: a force leaking from the logit column would be large.
  const theta = model.exportParams().theta;
  for (const s of model.layout.slots) {
    if (s.layer === model.layout.hidden.length && s.kind === 'W') {
      for (let m = 0; m < MEMBERS; m++) for (let r = 0; r < s.rows; r++) theta[m * model.layout.size + s.offset + r * 2 + 1] *= 30;
    }
  }
  model.importParams({ theta });
  const sample = data.test[0];
  const [pred] = predictSamples(model, [sample], data.std, data.norm, { forces: true, samples: 1, seed: 1, ddof: 0 });
  const rows = memberRows(theta, model.layout);
  const s = forceStructures.find((x) => x.name === sample.name)!;
  const meanEnergyEv = (positions: Float64Array) => {
    const d = featurize({ ...s, positions }, smallSetups());
    return rows.reduce((a, r) => a + energyFloat64(r, model.layout, d, sample.element, data.std), 0) / rows.length / data.norm.scale;
  };
  const scale = Math.max(...pred.forces!.mu.map(Math.abs));
  assert.ok(scale > 1e-3);
  const h = 1e-5;
  for (const k of [0, 1, 2, 3 * s.species.length - 1]) {
    const plus = s.positions.slice(); plus[k] += h;
    const minus = s.positions.slice(); minus[k] -= h;
    const fd = -(meanEnergyEv(plus) - meanEnergyEv(minus)) / (2 * h);
    assert.ok(Math.abs(pred.forces!.mu[k] - fd) <= 1e-4 * scale, `component ${k}: predicted ${pred.forces!.mu[k]}, finite difference ${fd}`);
  }
  model.dispose();
});
