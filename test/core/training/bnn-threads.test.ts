/**
 * A BNN trained on the kernels with every batch split by structure across worker threads (each thread all
 * Monte Carlo samples on its structures' rows, with the noise those rows get on one thread; gradients summed
 * in part order): deterministic for a seed and thread count, and equal to one thread up to float rounding
 * (one thread sums all rows inside each kernel product, two threads sum two products).
 * Measured gaps, 2 vs 1 thread, max |a − b|/(1 + |b|) after 3 epochs of 40 structures (2 epochs of 16 with
 * forces): μ 1.4e-8 (LRT; forces 1.3e-8), 2.6e-8 (Flipout), 1.4e-8 (radial), ρ 0, train loss ≤ 1.7e-10
 * relative. One float32 rounding of a gradient is 2⁻²⁴ ≈ 6e-8 of it; Adam carries such differences into μ at
 * about lr·6e-8 per step, so the tests allow 1e-6 on parameters and 1e-7 on losses: ~40× what was measured,
 * far below any real change (different noise would move μ by ~1e-3 after one epoch). `minPartRows: 1` lets these
 * batches of 8 small structures split (the default keeps parts of ≥ 256 atom rows: network-threads.test.ts).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { createModel } from '../../../src/core/estimators/create-model';
import type { BnnEstimator } from '../../../src/core/method/names';
import type { PreparedData } from '../../../src/core/training/prepare';
import type { TrainerOptions } from '../../../src/core/training/options';
import { Trainer, type EpochStats } from '../../../src/core/training/trainer';
import { engineThreads } from '../../../src/core/training/create-engine';
import { KERNEL_ENGINE } from '../../../src/core/training/kernel-engine';
import { ELEMENTS, tio2Prepared } from './tio2-sample';
import { parameterGap } from '../../helpers/parameter-gap';

const data: Record<'energy' | 'forces', PreparedData | null> = { energy: null, forces: null };
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data.energy = tio2Prepared(50, false).data;
  data.forces = tio2Prepared(20, true).data;
});

interface Run { stats: EpochStats[]; mu: Float32Array; rho: Float32Array; reason: string; threads: number }

function train(estimator: BnnEstimator, threads: number, epochs: number, forces = false, samples = 2): Run {
  const d = (forces ? data.forces : data.energy)!;
  const model = createModel({ kind: 'bnn', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', seed: 11, members: 1, estimator, priorScale: 0.2, qScale: 1e-3 });
  const o: TrainerOptions = {
    batchSize: 8, adam: { learningRate: 3e-3, beta1: 0.95, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
    alpha: forces ? 0.1 : 0, patience: null, minDelta: 0, seed: 3, bootstrap: false, energyScale: d.norm.scale, threads, minPartRows: 1,
    bnn: { sigmaEnergy: 0.1, sigmaForces: 0.3, weighting: 'paper', trainSamples: samples, predictSamples: 4 },
  };
  const trainer = new Trainer(model, d.train, d.validation, d.std, o);
  try {
    const stats = Array.from({ length: epochs }, () => trainer.runEpoch());
    const { mu, rho } = model.exportParams();
    return { stats, mu: mu!, rho: rho!, reason: trainer.engine.reason, threads: trainer.engine.threads ?? 1 };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

for (const estimator of ['lrt', 'radial', 'flipout'] as const) {
  test(`${estimator}: 2 threads say so, and two runs with the same seed give identical losses and parameters`, () => {
    const a = train(estimator, 2, 3), b = train(estimator, 2, 3);
    assert.equal(a.threads, 2);
    assert.match(a.reason, /every batch split by structure over 2 threads/);
    assert.deepEqual(a.stats.map((s) => [s.trainLoss, s.dataTerm, s.valLoss]), b.stats.map((s) => [s.trainLoss, s.dataTerm, s.valLoss]));
    assert.deepEqual(a.mu, b.mu);
    assert.deepEqual(a.rho, b.rho);
  });

  test(`${estimator}: 2 threads equal 1 thread to float rounding over 3 epochs`, () => {
    const one = train(estimator, 1, 3), two = train(estimator, 2, 3);
    assert.equal(one.threads, 1);
    assert.doesNotMatch(one.reason, /threads/);
    assert.equal(two.threads, 2);
    assert.ok(parameterGap(two.mu, one.mu) <= 1e-6, `μ: ${parameterGap(two.mu, one.mu)}`);
    assert.ok(parameterGap(two.rho, one.rho) <= 1e-6, `ρ: ${parameterGap(two.rho, one.rho)}`);
    two.stats.forEach((s, e) => {
      const ref = one.stats[e];
      assert.ok(Math.abs(s.trainLoss - ref.trainLoss) <= 1e-7 * Math.abs(ref.trainLoss), `epoch ${e + 1}: ${s.trainLoss} vs ${ref.trainLoss}`);
      assert.ok(Math.abs(s.valLoss - ref.valLoss) <= 1e-6 * Math.abs(ref.valLoss), `epoch ${e + 1} validation: ${s.valLoss} vs ${ref.valLoss}`);
    });
    assert.ok(one.stats[2].trainLoss < one.stats[0].trainLoss, 'the loss falls');
  });
}

for (const estimator of ['lrt', 'flipout', 'radial'] as const) test(`${estimator} with forces (α = 0.1): 2 threads equal 1 thread to float rounding`, () => {
  const one = train(estimator, 1, 2, true), two = train(estimator, 2, 2, true);
  assert.equal(two.threads, 2);
  assert.ok(parameterGap(two.mu, one.mu) <= 1e-6, `μ: ${parameterGap(two.mu, one.mu)}`);
  assert.ok(parameterGap(two.rho, one.rho) <= 1e-6, `ρ: ${parameterGap(two.rho, one.rho)}`);
  two.stats.forEach((s, e) => assert.ok(Math.abs(s.trainLoss - one.stats[e].trainLoss) <= 1e-7 * Math.abs(one.stats[e].trainLoss), `epoch ${e + 1}`));
});

test('3 threads (batches of 8 in parts of about 3 structures) equal 1 thread to float rounding', () => {
  const one = train('lrt', 1, 2), three = train('lrt', 3, 2);
  assert.match(three.reason, /over 3 threads/);
  assert.ok(parameterGap(three.mu, one.mu) <= 1e-6 && parameterGap(three.rho, one.rho) <= 1e-6, `μ ${parameterGap(three.mu, one.mu)}, ρ ${parameterGap(three.rho, one.rho)}`);
});

test('3 samples on 2 threads equal 1 thread to float rounding', () => {
  const one = train('flipout', 1, 1, false, 3), two = train('flipout', 2, 1, false, 3);
  assert.ok(parameterGap(two.mu, one.mu) <= 1e-6 && parameterGap(two.rho, one.rho) <= 1e-6, `μ ${parameterGap(two.mu, one.mu)}, ρ ${parameterGap(two.rho, one.rho)}`);
});

test('a BNN asks for min(threads, batch size, 64) threads on the kernels and 1 on tfjs ops', () => {
  const spec = { kind: 'bnn' as const, elements: ELEMENTS, dims: [16, 16], hidden: [15], activation: 'tanh' as const, seed: 1, members: 1, estimator: 'lrt' as const };
  const bnn = { sigmaEnergy: 0.1, sigmaForces: 0.3, weighting: 'paper' as const, trainSamples: 2, predictSamples: 4 };
  assert.equal(engineThreads(spec, { threads: 8, bnn, batchSize: 4, alpha: 0, bootstrap: false }, KERNEL_ENGINE), 4);
  assert.equal(engineThreads(spec, { threads: 3, bnn, batchSize: 64, alpha: 0, bootstrap: false }, KERNEL_ENGINE), 3);
  assert.equal(engineThreads(spec, { threads: 100, bnn, batchSize: 256, alpha: 0, bootstrap: false }, KERNEL_ENGINE), 64);
  assert.equal(engineThreads(spec, { bnn, batchSize: 64, alpha: 0, bootstrap: false }, KERNEL_ENGINE), 1);
  assert.equal(engineThreads(spec, { threads: 8, bnn, batchSize: 64, alpha: 0, bootstrap: false }, { name: 'tfjs-ops', reason: 'kernels switched off' }), 1);
});
