import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { createModel } from '../../../src/core/estimators/create-model';
import type { PreparedData } from '../../../src/core/training/prepare';
import { Trainer, TrainingDiverged } from '../../../src/core/training/trainer';
import { ELEMENTS, tio2Prepared } from './tio2-sample';

let data: PreparedData;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  data = tio2Prepared(20, false).data;
});

test('a diverging run stops with a reason instead of training on NaN', () => {
  const model = createModel({ kind: 'deterministic', members: 1, elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh', seed: 1 });
  const trainer = new Trainer(model, data.train, data.validation, data.std, {
    batchSize: 4, adam: { learningRate: 1e38, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
    alpha: 0, patience: null, minDelta: 0, seed: 1, bnn: null, bootstrap: false, energyScale: data.norm.scale,
  });
  assert.throws(() => { for (let e = 0; e < 20; e++) trainer.runEpoch(); }, (e: unknown) => e instanceof TrainingDiverged && /became (NaN|Infinity)/.test(e.message));
  trainer.dispose();
  model.dispose();
});
