/**
 * A deep ensemble trained on the kernels with its members split across worker threads: deterministic for a
 * seed and thread count, the same numbers as one thread (members are independent), Adam's state moving
 * between thread counts (checkpoint on 2 threads, resume on 1), and forces trained in the workers.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { EnsembleModel } from '../../../src/core/models/ensemble';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Trainer, type EpochStats } from '../../../src/core/training/trainer';
import type { TrainerOptions } from '../../../src/core/training/options';
import { ELEMENTS, tio2Prepared } from './tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(50, false).data;
});

function options(threads: number, o: Partial<TrainerOptions> = {}): TrainerOptions {
  return {
    batchSize: 8, adam: { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-4, clip: 15 },
    alpha: 0, patience: null, minDelta: 0, seed: 3, bnn: null, bootstrap: true, energyScale: data.norm.scale, threads, ...o,
  };
}

function train(threads: number, epochs: number, hidden = [15, 15], members = 3, d = data, o: Partial<TrainerOptions> = {}): { stats: EpochStats[]; theta: Float32Array; reason: string } {
  const model = new EnsembleModel({ kind: 'ensemble', elements: ELEMENTS, dims: [16, 16], hidden, activation: 'tanh', members, seed: 7 });
  const trainer = new Trainer(model, d.train, d.validation, d.std, options(threads, o));
  try {
    const stats = Array.from({ length: epochs }, () => trainer.runEpoch());
    return { stats, theta: model.exportParams().theta, reason: trainer.engine.reason };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

test('an ensemble on 2 threads says so, and two runs with the same seed give identical losses and parameters', () => {
  const a = train(2, 3), b = train(2, 3);
  assert.match(a.reason, /members on 2 threads/);
  assert.deepEqual(a.stats.map((s) => [s.trainLoss, s.valLoss, s.members]), b.stats.map((s) => [s.trainLoss, s.valLoss, s.members]));
  assert.deepEqual(a.theta, b.theta);
});

test('1 and 2 threads give the same losses, member statistics and parameters (2×15: bit for bit)', () => {
  const one = train(1, 3), two = train(2, 3);
  assert.doesNotMatch(one.reason, /threads/);
  assert.deepEqual(two.stats.map((s) => [s.trainLoss, s.dataTerm, s.valLoss, s.members]), one.stats.map((s) => [s.trainLoss, s.dataTerm, s.valLoss, s.members]));
  assert.deepEqual(two.theta, one.theta);
  assert.ok(one.stats[2].trainLoss < one.stats[0].trainLoss, 'the loss falls');
});

test('1 and 3 threads agree to float32 rounding for widths that split layer 0 unevenly (2×10, 5 members)', () => {
  const one = train(1, 2, [10, 10], 5), three = train(3, 2, [10, 10], 5);
  assert.match(three.reason, /members on 3 threads/);
  three.stats.forEach((s, e) => assert.ok(Math.abs(s.trainLoss - one.stats[e].trainLoss) <= 1e-6 * one.stats[e].trainLoss, `epoch ${e + 1}: ${s.trainLoss} vs ${one.stats[e].trainLoss}`));
  for (let i = 0; i < one.theta.length; i++) assert.ok(Math.abs(three.theta[i] - one.theta[i]) <= 1e-5 * (1 + Math.abs(one.theta[i])), `θ[${i}]`);
});

test('Adam state taken on 2 threads resumes on 1 thread exactly where the 2-thread run goes on', () => {
  const make = (threads: number) => {
    const model = new EnsembleModel({ kind: 'ensemble', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', members: 4, seed: 9 });
    return { model, trainer: new Trainer(model, data.train, data.validation, data.std, options(threads)) };
  };
  const a = make(2), b = make(1);
  try {
    a.trainer.runEpoch(); a.trainer.runEpoch();
    b.trainer.restore(a.trainer.state());
    const next = [a.trainer.runEpoch(), b.trainer.runEpoch()];
    assert.equal(next[1].trainLoss, next[0].trainLoss);
    assert.deepEqual(b.model.exportParams().theta, a.model.exportParams().theta);
    // And back: 1-thread state into the 2-thread engine.
    a.trainer.restore(b.trainer.state());
    assert.equal(a.trainer.runEpoch().trainLoss, b.trainer.runEpoch().trainLoss);
  } finally {
    for (const x of [a, b]) { x.trainer.dispose(); x.model.dispose(); }
  }
});

test('forces trained in the workers (α = 0.2): 2 threads equal 1 thread', () => {
  const forceData = tio2Prepared(20, true).data;
  const one = train(1, 2, [15, 15], 2, forceData, { alpha: 0.2, bootstrap: false });
  const two = train(2, 2, [15, 15], 2, forceData, { alpha: 0.2, bootstrap: false });
  assert.match(two.reason, /members on 2 threads/);
  assert.deepEqual(two.stats.map((s) => [s.trainLoss, s.valLoss, s.valForceRmse]), one.stats.map((s) => [s.trainLoss, s.valLoss, s.valForceRmse]));
  assert.deepEqual(two.theta, one.theta);
});
