/**
 * A single network trained on the kernels with every batch split by structure over threads (energies only, no
 * bootstrap: ../../../src/core/training/parallel/split-network-step.ts): the parts' gradients of ½Σe² summed in
 * part order and scaled once by 1/(B·RMSE), where one thread scales each structure's dÊ before its backward
 * pass. So 2 and 3 threads agree with 1 to float rounding, and a seed and thread count give identical numbers.
 * Measured, 2 and 3 threads against 1 after 3 epochs of 40 structures: θ max |a − b|/(1 + |b|) 7.7e-8 and 4.7e-8,
 * train loss 6e-9 and 1.1e-8 relative. Tolerances as the BNN split's (bnn-threads.test.ts): 1e-6 on parameters and
 * 1e-7 on losses, far below what one different step would move. `minPartRows: 1` lets batches of 8 small
 * structures split, which the default (parts of ≥ MIN_PART_ROWS atom rows) would not.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec } from '../../../src/core/models/potential';
import type { PreparedData } from '../../../src/core/training/prepare';
import type { TrainerOptions } from '../../../src/core/training/options';
import { Trainer, type EpochStats } from '../../../src/core/training/trainer';
import { engineThreads, meanAtoms, MIN_PART_ROWS } from '../../../src/core/training/create-engine';
import { KERNEL_ENGINE } from '../../../src/core/training/kernel-engine';
import { ELEMENTS, tio2Prepared } from './tio2-sample';
import { parameterGap } from '../../helpers/parameter-gap';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(50, false).data;
});

const SPEC: ModelSpec = { kind: 'deterministic', elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', seed: 11, members: 1 };

function options(threads: number, o: Partial<TrainerOptions> = {}): TrainerOptions {
  return {
    batchSize: 8, adam: { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: 15 },
    alpha: 0, patience: null, minDelta: 0, seed: 3, bnn: null, bootstrap: false, energyScale: data.norm.scale, threads, minPartRows: 1, ...o,
  };
}

function train(threads: number, epochs: number, structures = data.train.length): { stats: EpochStats[]; theta: Float32Array; reason: string; threads: number } {
  const model = createModel(SPEC);
  const trainer = new Trainer(model, data.train.slice(0, structures), data.validation, data.std, options(threads));
  try {
    const stats = Array.from({ length: epochs }, () => trainer.runEpoch());
    return { stats, theta: model.exportParams().theta!, reason: trainer.engine.reason, threads: trainer.engine.threads ?? 1 };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

test('a single network on 2 threads says so, and two runs with the same seed give identical losses and parameters', () => {
  const a = train(2, 3), b = train(2, 3);
  assert.equal(a.threads, 2);
  assert.match(a.reason, /every batch split by structure over 2 threads/);
  assert.deepEqual(a.stats.map((s) => [s.trainLoss, s.valLoss]), b.stats.map((s) => [s.trainLoss, s.valLoss]));
  assert.deepEqual(a.theta, b.theta);
});

for (const threads of [2, 3]) {
  test(`a single network on ${threads} threads equals 1 thread to float rounding over 3 epochs`, () => {
    const one = train(1, 3), many = train(threads, 3);
    assert.equal(one.threads, 1);
    assert.equal(many.threads, threads);
    assert.ok(parameterGap(many.theta, one.theta) <= 1e-6, `θ: ${parameterGap(many.theta, one.theta)}`);
    many.stats.forEach((s, e) => {
      const ref = one.stats[e];
      assert.ok(Math.abs(s.trainLoss - ref.trainLoss) <= 1e-7 * ref.trainLoss, `epoch ${e + 1}: ${s.trainLoss} vs ${ref.trainLoss}`);
      assert.ok(Math.abs(s.valLoss - ref.valLoss) <= 1e-6 * ref.valLoss, `epoch ${e + 1} validation: ${s.valLoss} vs ${ref.valLoss}`);
    });
    assert.ok(one.stats[2].trainLoss < one.stats[0].trainLoss, 'the loss falls');
  });
}

test('a last batch of one structure (parts before it empty) trains on 3 threads as on 1', () => {
  const one = train(1, 2, 33), three = train(3, 2, 33);
  assert.equal(three.threads, 3);
  assert.ok(parameterGap(three.theta, one.theta) <= 1e-6, `θ: ${parameterGap(three.theta, one.theta)}`);
  three.stats.forEach((s, e) => assert.ok(Math.abs(s.trainLoss - one.stats[e].trainLoss) <= 1e-7 * one.stats[e].trainLoss, `epoch ${e + 1}`));
});

test('a single network splits only with energies alone and no bootstrap; a lone ensemble member splits too', () => {
  const o = { threads: 4, bnn: null, batchSize: 64, alpha: 0, bootstrap: false };
  assert.equal(engineThreads(SPEC, o, KERNEL_ENGINE), 4);
  assert.equal(engineThreads(SPEC, { ...o, batchSize: 2 }, KERNEL_ENGINE), 2);
  assert.equal(engineThreads({ ...SPEC, kind: 'ensemble' }, o, KERNEL_ENGINE), 4);
  assert.equal(engineThreads(SPEC, { ...o, alpha: 0.1 }, KERNEL_ENGINE), 1);
  assert.equal(engineThreads(SPEC, { ...o, bootstrap: true }, KERNEL_ENGINE), 1);
  assert.equal(engineThreads({ ...SPEC, kind: 'ensemble', heteroscedastic: true }, o, KERNEL_ENGINE), 1);
  assert.equal(engineThreads({ ...SPEC, kind: 'ensemble', members: 3 }, o, KERNEL_ENGINE), 3);
});

test('a split batch keeps parts of at least MIN_PART_ROWS atom rows on average; an ensemble\'s members ignore it', () => {
  const o = { threads: 8, bnn: null, batchSize: 64, alpha: 0, bootstrap: false };
  assert.equal(MIN_PART_ROWS, 256);
  assert.equal(engineThreads(SPEC, o, KERNEL_ENGINE, 21), 5, '64 × 21 = 1,344 rows: 5 parts');
  assert.equal(engineThreads(SPEC, { ...o, batchSize: 8 }, KERNEL_ENGINE, 21), 1, '168 rows: one part');
  assert.equal(engineThreads(SPEC, { ...o, minPartRows: 1 }, KERNEL_ENGINE, 21), 8);
  assert.equal(engineThreads({ ...SPEC, kind: 'ensemble', members: 10 }, o, KERNEL_ENGINE, 21), 8);
  assert.equal(meanAtoms([{ nAtoms: 6 }, { nAtoms: 24 }]), 15);
});
