/**
 * Local reparameterisation (methods.md §5): per layer z ~ N(hμ + μ_b, h²σ² + σ_b²), one standard normal per
 * atom row and unit. Autograd through ../models/layers LrtLayer (energies alone through the one-op
 * ../models/fused-lrt), kernels in ../kernels/lrt-step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KernelLrtStep } from '../kernels/lrt-step';
import { activations } from '../models/activation';
import { assemble } from '../models/assemble';
import { fusedLrtEnergy } from '../models/fused-lrt';
import { gaussianKl } from '../models/kl';
import { LrtLayer } from '../models/layers';
import { runElementMlp } from '../models/mlp';
import { elementLayers } from '../models/weight-sets';
import { normalNoise, type Estimator } from './estimator';

export const lrt: Estimator = {
  name: 'lrt',
  radialWeightSets: false,
  train(m, batch, forces, k, rng) {
    const act = activations[m.spec.activation];
    if (!(forces && batch.elements.some((r) => r?.pairs)) && !batch.elements.some((r) => r?.differentiable)) {
      // Energies only: one op with a hand-written backward; the noise is drawn in the same order as below.
      const eps = batch.elements.map((rows, e) => rows
        ? m.layout.slots.filter((t) => t.element === e && t.kind === 'W').map((t) => normalNoise(rng, [k * rows.x.shape[0], t.cols]) as tf.Tensor2D)
        : null);
      const energy = fusedLrtEnergy(m.mu as tf.Tensor2D, tf.exp(tf.mul(m.rho, 2)) as tf.Tensor2D, m.layout, act, batch, eps, k);
      const f = forces && batch.forceAtoms > 0 ? tf.zeros([k, batch.forceAtoms, 3]) as tf.Tensor3D : null;
      return { energy, forces: f, kl: gaussianKl(m.mu, m.rho, m.prior) };
    }
    const mu = m.matrices(m.mu);
    const variance = m.matrices(tf.exp(tf.mul(m.rho, 2)));
    const outputs = batch.elements.map((rows, e) => {
      if (!rows) return null;
      const a = rows.x.shape[0];
      const layers = elementLayers(m.layout, e, (w, b) =>
        new LrtLayer(mu[w], mu[b], variance[w], variance[b], normalNoise(rng, [k, a, m.layout.slots[w].cols]) as tf.Tensor3D));
      return runElementMlp(layers, rows, act, forces && !!rows.pairs);
    });
    return { ...assemble(batch, outputs, forces), kl: gaussianKl(m.mu, m.rho, m.prior) };
  },
  kernel: {
    ownRows: true,
    create: (c) => new KernelLrtStep(c.path.kernel, c.layout, c.train, c.batches, c.std, c.terms, c.forces, c.window),
  },
};
