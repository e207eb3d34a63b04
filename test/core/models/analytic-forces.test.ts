/**
 * Forces come from a hand-written backpropagation through each estimator's layers (∂E/∂G̃ in the forward
 * pass, so force losses stay differentiable in the weights). The reference here is tfjs's own automatic
 * differentiation of the same energies with the same noise: F_k = −Σ_pairs(i,k) block · ∂ΣE/∂G̃_i.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/select-backend';
import { buildBatch, type Batch } from '../../../src/core/data/batch';
import { createModel } from '../../../src/core/estimators/create-model';
import type { ModelSpec } from '../../../src/core/models/potential';
import { Rng } from '../../../src/core/rng';
import { ELEMENTS, tio2Prepared } from '../training/tio2-sample';

let batch: Batch;
before(async () => {
  await selectBackend({ backend: 'wasm' });
  const { data } = tio2Prepared(12, true);
  batch = buildBatch(data.train.slice(0, 6), data.std, { forces: true, requireForceTargets: true });
});

function autogradForces(spec: ModelSpec, samples: number): { analytic: Float32Array; auto: Float64Array } {
  const model = createModel(spec);
  const analytic = tf.tidy(() => tf.sum(model.train(batch, true, samples, new Rng(9)).forces!, 0)).dataSync() as Float32Array;
  const auto = new Float64Array(batch.forceAtoms * 3);
  batch.elements.forEach((rows, e) => {
    if (!rows || !rows.pairs) return;
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => {
      const swapped: Batch = { ...batch, elements: batch.elements.map((r, k) => (k === e ? { ...r!, x: x as tf.Tensor2D, differentiable: true } : r)) };
      return tf.sum(model.train(swapped, false, samples, new Rng(9)).energy);
    })(rows.x));
    const grad = g.arraySync() as number[][];
    g.dispose();
    const rowIdx = rows.pairs.row.dataSync();
    const atomIdx = rows.pairs.atom.dataSync();
    const block = rows.pairs.block.dataSync();
    const D = rows.x.shape[1];
    for (let p = 0; p < rowIdx.length; p++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let k = 0; k < D; k++) s += block[(p * 3 + c) * D + k] * grad[rowIdx[p]][k];
        auto[atomIdx[p] * 3 + c] -= s;
      }
    }
  });
  model.dispose();
  return { analytic, auto };
}

const base = { elements: ELEMENTS, dims: [16, 16], hidden: [15, 15], activation: 'tanh' as const, seed: 4, priorScale: 0.2, qScale: 0.05 };
const cases: [string, ModelSpec, number][] = [
  ['3-member ensemble', { ...base, kind: 'ensemble', members: 3 }, 1],
  ['LRT, 2 samples (noise depends on the input)', { ...base, kind: 'bnn', members: 1, estimator: 'lrt' }, 2],
  ['Flipout, 2 samples', { ...base, kind: 'bnn', members: 1, estimator: 'flipout' }, 2],
  ['radial, 2 samples', { ...base, kind: 'bnn', members: 1, estimator: 'radial' }, 2],
];

for (const [name, spec, samples] of cases) {
  test(`analytic forces equal automatic differentiation: ${name}`, () => {
    const { analytic, auto } = autogradForces(spec, samples);
    const scale = Math.max(...Array.from(auto, Math.abs));
    assert.ok(scale > 1e-3, 'forces are not trivially zero');
    for (let i = 0; i < auto.length; i++) assert.ok(Math.abs(analytic[i] - auto[i]) <= 1e-4 * scale, `component ${i}: ${analytic[i]} vs ${auto[i]}`);
  });
}
