/**
 * Flipout (methods.md §5): one perturbation ΔW = σ⊙ε per pass and sample, decorrelated across atom rows by
 * random ±1 signs. Autograd through ../models/layers FlipoutLayer, kernels in ../kernels/flipout-step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KernelFlipoutStep } from '../kernels/flipout-step';
import { activations } from '../models/activation';
import { assemble } from '../models/assemble';
import { gaussianKl } from '../models/kl';
import { FlipoutLayer, type Layer } from '../models/layers';
import { runElementMlp } from '../models/mlp';
import { elementLayers } from '../models/weight-sets';
import type { Rng } from '../rng';
import { normalNoise, type Estimator } from './estimator';

function signs(rng: Rng, shape: [number, number, number]): tf.Tensor3D {
  return tf.tensor3d(rng.fillSigns(new Float32Array(shape[0] * shape[1] * shape[2])), shape);
}

export const flipout: Estimator = {
  name: 'flipout',
  radialWeightSets: false,
  train(m, batch, forces, k, rng) {
    const mu = m.matrices(m.mu);
    const sigma = m.matrices(tf.exp(m.rho));
    // One ΔW per pass and sample, shared by every batch row and element's atoms.
    const delta = m.layout.slots.map((s, i) => tf.mul(sigma[i], normalNoise(rng, [k, s.rows, s.cols])) as tf.Tensor3D);
    const outputs = batch.elements.map((rows, e) => {
      if (!rows) return null;
      const a = rows.x.shape[0];
      const layers = elementLayers(m.layout, e, (w, b): Layer => {
        const s = m.layout.slots[w];
        return new FlipoutLayer(mu[w], mu[b], delta[w], delta[b], signs(rng, [k, a, s.rows]), signs(rng, [k, a, s.cols]));
      });
      return runElementMlp(layers, rows, activations[m.spec.activation], forces && !!rows.pairs);
    });
    return { ...assemble(batch, outputs, forces), kl: gaussianKl(m.mu, m.rho, m.prior) };
  },
  kernel: {
    ownRows: true,
    create: (c) => new KernelFlipoutStep(c.path.kernel, c.layout, c.train, c.batches, c.std, c.terms, c.forces, c.window),
  },
};
