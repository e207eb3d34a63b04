/**
 * The engine is chosen in one place: trainingEngine() gives the plan with its reason, createEngine() builds
 * what the plan says (the runner announces the plan and hands the same value on), and the Trainer runs on
 * the engine it is given.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec } from '../../../src/core/models/potential';
import { createEngine, trainingEngine } from '../../../src/core/training/create-engine';
import type { TrainerOptions } from '../../../src/core/training/options';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Trainer } from '../../../src/core/training/trainer';
import { ELEMENTS, tio2Prepared } from './tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(20, false).data;
});

const spec = (activation: ModelSpec['activation']): ModelSpec => ({ kind: 'deterministic', members: 1, elements: ELEMENTS, dims: [16, 16], hidden: [8], activation, seed: 1 });
const options = (): TrainerOptions => ({
  batchSize: 4, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
  alpha: 0, patience: null, minDelta: 0, seed: 1, bnn: null, bootstrap: false, energyScale: data.norm.scale,
});

test('the plan names the kernels for tanh networks and tfjs ops with the reason otherwise', () => {
  const tanh = createModel(spec('tanh')), relu = createModel(spec('relu'));
  assert.equal(trainingEngine(tanh.spec, tanh.layout, {}).name, 'wasm-simd-kernels');
  assert.deepEqual(trainingEngine(relu.spec, relu.layout, {}), { name: 'tfjs-ops', reason: 'activation relu has no wasm kernel (tanh only)' });
  assert.deepEqual(trainingEngine(tanh.spec, tanh.layout, { kernels: false }), { name: 'tfjs-ops', reason: 'kernels switched off' });
  tanh.dispose(); relu.dispose();
});

test('createEngine follows the plan it is handed, and the Trainer runs on the engine it is given', () => {
  const model = createModel(spec('tanh'));
  const plan = { name: 'tfjs-ops' as const, reason: 'the caller said so' };
  const trainer = new Trainer(model, data.train, data.validation, data.std, options(), createEngine(model, data.train, data.validation, data.std, options(), plan));
  assert.equal(trainer.engine.name, 'tfjs-ops');
  assert.equal(trainer.engine.reason, 'the caller said so');
  assert.ok(Number.isFinite(trainer.runEpoch().trainLoss));
  trainer.dispose(); model.dispose();
  const kernels = createModel(spec('tanh'));
  const t2 = new Trainer(kernels, data.train, data.validation, data.std, options());
  assert.equal(t2.engine.name, 'wasm-simd-kernels');
  t2.dispose(); kernels.dispose();
});

test('shuffle off: every epoch visits the batches in one order, drawn once (the paper\'s fixed minibatches); on: a new order each epoch', () => {
  const orders = (shuffle: boolean) => {
    const model = createModel(spec('tanh'));
    const real = createEngine(model, data.train, data.validation, data.std, options());
    const seen: number[][] = [];
    const engine = Object.assign(Object.create(Object.getPrototypeOf(real)) as typeof real, real, {
      epoch: (order: readonly number[], rng: Parameters<typeof real.epoch>[1], check: Parameters<typeof real.epoch>[2]) => { seen.push([...order]); return real.epoch(order, rng, check); },
    });
    const t = new Trainer(model, data.train, data.validation, data.std, { ...options(), shuffle }, engine);
    for (let e = 0; e < 3; e++) t.runEpoch();
    t.dispose(); model.dispose();
    return seen;
  };
  const fixed = orders(false);
  assert.ok(fixed[0].length >= 3);
  assert.deepEqual(fixed[1], fixed[0]);
  assert.deepEqual(fixed[2], fixed[0]);
  assert.notDeepEqual(fixed[0], [...fixed[0]].sort((a, b) => a - b), 'the fixed order is itself shuffled once');
  const moving = orders(true);
  assert.ok(moving[1].join() !== moving[0].join() || moving[2].join() !== moving[0].join());
});
