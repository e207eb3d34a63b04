/**
 * Bootstrap ensembles (`method.ensemble.bootstrap: true`): every member trains on its own resample, with
 * replacement, of the N training structures, carried as per-member multiplicity weights of each batch's
 * structures. Pinned here: the resample's distribution (multinomial with N draws, so each count is
 * Binomial(N, 1/N) ≈ Poisson(1) and a fraction 1 − (1 − 1/N)^N ≈ 1 − 1/e of the structures appears in
 * a member), its seeding, that a structure a member did not draw cannot move that member's loss, and
 * that a real 3-member bootstrap training lowers every member's loss.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec, PotentialModel } from '../../../src/core/models/potential';
import { buildBatch, disposeBatch } from '../../../src/core/data/batch';
import { ensembleLoss } from '../../../src/core/training/losses';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Rng } from '../../../src/core/rng';
import type { TrainingSample } from '../../../src/core/data/samples';
import type { TrainerOptions } from '../../../src/core/training/options';
import { Trainer } from '../../../src/core/training/trainer';
import { ELEMENTS, tio2Prepared } from './tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(60, false).data;
});

const MEMBERS = 3;
const tio2Spec: ModelSpec = { kind: 'ensemble', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: MEMBERS, seed: 11 };

function options(seed: number, batchSize: number): TrainerOptions {
  return {
    batchSize, adam: { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
    alpha: 0, patience: null, minDelta: 0, seed, bnn: null, bootstrap: true, energyScale: 1,
  };
}

/** The resample a trainer drew (the multiplicities its loss weights each member's structures by), as plain arrays. */
function memberCounts(trainer: Trainer, train: readonly TrainingSample[]): number[][] {
  const counts = trainer.bootstrapCounts;
  assert.ok(counts, 'a bootstrap ensemble has per-member counts');
  assert.equal(counts.length, MEMBERS);
  return counts.map((c) => {
    assert.equal(c.length, train.length);
    return Array.from(c);
  });
}

/** N one-atom structures with a one-value descriptor: enough to build batches, cheap at large N. */
function tinySamples(n: number): TrainingSample[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `s${i}`, nAtoms: 1, element: Int32Array.of(0), energy: 0, forces: null,
    descriptors: { n: 1, dims: Int32Array.of(1), offsets: Int32Array.of(0, 1), values: Float64Array.of(i / n) },
  }));
}

function withTrainer<T>(model: PotentialModel, train: readonly TrainingSample[], o: TrainerOptions, f: (t: Trainer) => T, std = data.std): T {
  const trainer = new Trainer(model, train, [], std, o);
  try { return f(trainer); } finally { trainer.dispose(); }
}

test('each member resamples N of the N training structures with replacement: non-negative integer counts summing to N', () => {
  const model = createModel(tio2Spec);
  const counts = withTrainer(model, data.train, options(5, 16), (t) => memberCounts(t, data.train));
  // Both training engines draw the same resample from the seed.
  assert.deepEqual(withTrainer(model, data.train, { ...options(5, 16), kernels: false }, (t) => memberCounts(t, data.train)), counts);
  model.dispose();
  const n = data.train.length;
  for (const c of counts) {
    assert.ok(c.every((k) => Number.isInteger(k) && k >= 0), `counts are non-negative integers: ${c.join(',')}`);
    assert.equal(c.reduce((a, b) => a + b, 0), n, 'a resample of the same size as the training set');
    assert.ok(c.some((k) => k === 0) && c.some((k) => k > 1), 'with replacement: some structures left out, some drawn twice or more');
  }
  assert.notDeepEqual(counts[0], counts[1], 'members draw different resamples');
  assert.notDeepEqual(counts[1], counts[2], 'members draw different resamples');
});

test('the resample is fixed by the seed: same seed same counts, another seed other counts', () => {
  const model = createModel(tio2Spec);
  const a = withTrainer(model, data.train, options(5, 16), (t) => memberCounts(t, data.train));
  const b = withTrainer(model, data.train, options(5, 8), (t) => memberCounts(t, data.train));
  const c = withTrainer(model, data.train, options(6, 16), (t) => memberCounts(t, data.train));
  model.dispose();
  assert.deepEqual(b, a, 'the same seed draws the same resample (whatever the batch size)');
  assert.notDeepEqual(c, a, 'another seed draws another resample');
});

test('on a large training set the counts follow Binomial(N, 1/N) ≈ Poisson(1): about 1 − 1/e ≈ 63 % of structures per member', () => {
  const n = 3000;
  const train = tinySamples(n);
  const std = [{ element: 'X', mean: Float64Array.of(0), scale: Float64Array.of(1) }];
  const model = createModel({ kind: 'ensemble', elements: ['X'], dims: [1], hidden: [2], activation: 'tanh', members: MEMBERS, seed: 1 });
  const counts = withTrainer(model, train, options(21, 500), (t) => memberCounts(t, train), std);
  model.dispose();
  const poisson = (k: number) => Math.exp(-1) / [1, 1, 2, 6][k];
  for (const c of counts) {
    assert.equal(c.reduce((a, b) => a + b, 0), n);
    const drawn = c.filter((k) => k > 0).length / n;
    // Binomial standard error of a fraction near 0.63 at N = 3000 is 0.009; 0.04 is over four of them.
    assert.ok(Math.abs(drawn - (1 - Math.pow(1 - 1 / n, n))) < 0.04, `fraction of structures drawn ${drawn.toFixed(3)} vs 1 − 1/e = 0.632`);
    for (let k = 0; k <= 3; k++) {
      const f = c.filter((x) => x === k).length / n;
      assert.ok(Math.abs(f - poisson(k)) < 0.04, `fraction drawn ${k} times: ${f.toFixed(3)} vs Poisson(1) ${poisson(k).toFixed(3)}`);
    }
  }
});

test('a member\'s bootstrap loss is its weighted RMSE of Ê/N, and a structure it did not draw cannot change it', () => {
  const model = createModel(tio2Spec);
  const samples = data.train.slice(0, 8);
  const batch = buildBatch(samples, data.std, { forces: false, requireForceTargets: false });
  // Member 0 skips structures 1 and 4, member 1 draws structure 4 three times, member 2 skips only 1.
  const w = [[1, 0, 2, 1, 0, 1, 2, 1], [1, 1, 1, 0, 3, 1, 1, 0], [2, 0, 1, 1, 1, 1, 1, 1]];
  const weights = tf.tensor2d(w);
  const out = model.train(batch, false, 1, new Rng(1));
  const truth = samples.map((s) => s.energy);
  const byHand = (pred: number[][]) => w.map((wm, m) => {
    let num = 0, den = 0;
    wm.forEach((k, b) => { const e = (pred[m][b] - truth[b]) / samples[b].nAtoms; num += k * e * e; den += k; });
    return Math.sqrt(num / den);
  });
  const close = (got: number[], want: number[], what: string) =>
    got.forEach((g, m) => assert.ok(Math.abs(g - want[m]) <= 1e-5 * want[m], `${what}, member ${m}: loss ${g} vs by hand ${want[m]}`));
  const pred = out.energy.arraySync() as number[][];
  const perRow = Array.from(ensembleLoss(out, batch, 0, weights).perRow.dataSync());
  close(perRow, byHand(pred), 'as predicted');

  // Move every member's prediction of structure 4 far off: only the members that drew it may see it.
  const shifted = pred.map((row) => row.map((p, b) => (b === 4 ? p + 50 : p)));
  const energy = tf.tensor2d(shifted);
  const moved = Array.from(ensembleLoss({ ...out, energy }, batch, 0, weights).perRow.dataSync());
  close(moved, byHand(shifted), 'structure 4 moved');
  assert.equal(moved[0], perRow[0], 'member 0 did not draw structure 4: its loss is unchanged');
  assert.ok(moved[1] > perRow[1] + 0.1 && moved[2] > perRow[2] + 0.1, `members that drew it see it: ${perRow.join(',')} → ${moved.join(',')}`);
  disposeBatch(batch);
  tf.dispose([weights, energy, out.energy, out.forces ?? []]);
  model.dispose();
});

test('a real 3-member bootstrap ensemble on 60 TiO2 structures lowers every member\'s loss', () => {
  const model = createModel(tio2Spec);
  const o = { ...options(3, 16), energyScale: data.norm.scale };
  const stats = withTrainer(model, data.train, o, (t) => Array.from({ length: 5 }, () => t.runEpoch()));
  model.dispose();
  const first = stats[0].members!;
  const last = stats[stats.length - 1].members!;
  assert.equal(first.length, MEMBERS);
  for (let m = 0; m < MEMBERS; m++) {
    assert.ok(Number.isFinite(last[m].trainLoss) && last[m].trainLoss < first[m].trainLoss, `member ${m}: ${first[m].trainLoss} → ${last[m].trainLoss}`);
  }
  assert.ok(stats[stats.length - 1].trainLoss < stats[0].trainLoss);
});

test('with forces, a member\'s force RMSE is weighted by its draws too: forces of a structure it did not draw cannot change its loss', () => {
  const forces = tio2Prepared(20, true).data;
  const model = createModel(tio2Spec);
  const samples = forces.train.slice(0, 4);
  const batch = buildBatch(samples, forces.std, { forces: true, requireForceTargets: true });
  const w = [[1, 0, 2, 1], [1, 1, 1, 1], [0, 3, 1, 0]];
  const weights = tf.tensor2d(w);
  const out = model.train(batch, true, 1, new Rng(1));
  const alpha = 0.1;
  const pred = out.forces!.arraySync() as number[][][];
  const energy = out.energy.arraySync() as number[][];
  const byHand = (f: number[][][]) => w.map((wm, m) => {
    let eNum = 0, eDen = 0, fNum = 0, fDen = 0;
    wm.forEach((k, b) => {
      const e = (energy[m][b] - samples[b].energy) / samples[b].nAtoms;
      eNum += k * e * e; eDen += k;
      const start = batch.forceStart[batch.forceStructures.indexOf(b)];
      for (let i = 0; i < samples[b].nAtoms; i++) for (let c = 0; c < 3; c++) {
        const d = f[m][start + i][c] - samples[b].forces![i * 3 + c];
        fNum += k * d * d; fDen += k;
      }
    });
    return (1 - alpha) * Math.sqrt(eNum / eDen) + alpha * Math.sqrt(fNum / fDen);
  });
  const close = (got: number[], want: number[], what: string) =>
    got.forEach((g, m) => assert.ok(Math.abs(g - want[m]) <= 1e-5 * want[m], `${what}, member ${m}: loss ${g} vs by hand ${want[m]}`));
  const perRow = Array.from(ensembleLoss(out, batch, alpha, weights).perRow.dataSync());
  close(perRow, byHand(pred), 'as predicted');
  // Push every member's forces on structure 1's atoms far off: member 0 did not draw it.
  const start = batch.forceStart[batch.forceStructures.indexOf(1)];
  const moved = pred.map((rows) => rows.map((r, i) => (i >= start && i < start + samples[1].nAtoms ? r.map((x) => x + 5) : r)));
  const movedForces = tf.tensor3d(moved);
  const after = Array.from(ensembleLoss({ ...out, forces: movedForces }, batch, alpha, weights).perRow.dataSync());
  close(after, byHand(moved), 'structure 1 moved');
  assert.equal(after[0], perRow[0], 'member 0 did not draw structure 1: its loss is unchanged');
  assert.ok(after[1] > perRow[1] && after[2] > perRow[2]);
  disposeBatch(batch);
  tf.dispose([weights, movedForces, out.energy, out.forces ?? []]);
  model.dispose();
});
