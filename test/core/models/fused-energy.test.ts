/**
 * The fused energy pass (one recorded op, hand-written backward) must give the energies and the θ-gradient
 * that tfjs's automatic differentiation gives through the layer-by-layer network (the path used with forces).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { activations } from '../../../src/core/models/activation';
import { fusedEnergy } from '../../../src/core/models/fused-energy';
import { ensembleInit } from '../../../src/core/models/init';
import { makeLayout } from '../../../src/core/models/layout';
import { weightSetForward } from '../../../src/core/models/weight-sets';
import { buildBatch, type Batch } from '../../../src/core/data/batch';
import type { BnnModel } from '../../../src/core/estimators/bnn-model';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec } from '../../../src/core/models/potential';
import { Rng } from '../../../src/core/rng';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let batch: Batch;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  const { data } = tio2Prepared(12, false);
  batch = buildBatch(data.train.slice(0, 7), data.std, { forces: false, requireForceTargets: false });
});

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let scale = 0, diff = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i])); diff = Math.max(diff, Math.abs(a[i] - b[i])); }
  return diff / scale;
}

for (const [members, activation] of [[1, 'tanh'], [3, 'tanh'], [2, 'softplus']] as const) {
  test(`fused energies and their θ-gradient equal autograd through the layers: ${members} weight set(s), ${activation}`, () => {
    const dims = batch.elements.map((r) => r!.x.shape[1]);
    const layout = makeLayout(ELEMENTS, dims, [15, 11]);
    const theta = tf.tensor2d(ensembleInit(layout, members, 5), [members, layout.size]);
    // A weighting of the energies, so the gradient is not that of a plain sum.
    const w = tf.tensor2d(Array.from({ length: members * batch.size }, (_, i) => Math.sin(i + 1)), [members, batch.size]);
    const layered = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(
      weightSetForward(t as tf.Tensor2D, layout, activation, { ...batch, elements: batch.elements.map((r) => ({ ...r!, differentiable: true })) }, false).energy, w)));
    const fused = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(fusedEnergy(t as tf.Tensor2D, layout, activations[activation], batch), w)));
    const ref = layered(theta);
    const got = fused(theta);
    assert.ok(Math.abs(got.value.dataSync()[0] - ref.value.dataSync()[0]) <= 1e-5 * Math.abs(ref.value.dataSync()[0]));
    const rel = maxRelDiff(got.grad.dataSync() as Float32Array, ref.grad.dataSync() as Float32Array);
    assert.ok(rel < 1e-5, `gradient differs by ${rel} (relative to its largest element)`);
    tf.dispose([theta, w, ref.value, ref.grad, got.value, got.grad]);
  });
}

test('fused LRT energies and their μ- and ρ-gradients equal autograd through the LRT layers (same noise)', () => {
  const dims = batch.elements.map((r) => r!.x.shape[1]);
  const spec: ModelSpec = { kind: 'bnn', elements: ELEMENTS, dims, hidden: [15, 11], activation: 'tanh', members: 1, estimator: 'lrt', priorScale: 0.2, qScale: 0.05, seed: 3 };
  const model = createModel(spec) as BnnModel;
  const w = tf.tensor2d(Array.from({ length: 2 * batch.size }, (_, i) => Math.cos(i + 1)), [2, batch.size]);
  const run = (b: Batch) => tf.variableGrads(() => tf.add(tf.sum(tf.mul(model.train(b, false, 2, new Rng(11)).energy, w)), 0) as tf.Scalar, model.variables);
  const ref = run({ ...batch, elements: batch.elements.map((r) => ({ ...r!, differentiable: true })) });
  const got = run(batch);
  assert.ok(Math.abs(got.value.dataSync()[0] - ref.value.dataSync()[0]) <= 1e-5 * Math.abs(ref.value.dataSync()[0]));
  for (const v of model.variables) {
    const rel = maxRelDiff(got.grads[v.name].dataSync() as Float32Array, ref.grads[v.name].dataSync() as Float32Array);
    assert.ok(rel < 1e-4, `${v.name}: gradient differs by ${rel} (relative to its largest element)`);
  }
  tf.dispose([w, ref.value, got.value, ...Object.values(ref.grads), ...Object.values(got.grads)]);
  model.dispose();
});
