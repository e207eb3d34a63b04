/**
 * The radial posterior (methods.md §5): K whole weight sets θ_k = μ + σ⊙v_k with radial noise (per tensor
 * ε/‖ε‖·r) and a Monte Carlo KL. Autograd through the weight-set layers, kernels in ../kernels/radial-step
 * (the weight sets run on the energy path like ensemble members).
 */
import { KernelRadialStep } from '../kernels/radial-step';
import { radialKl } from '../models/kl';
import { weightSetForward } from '../models/weight-sets';
import type { Estimator } from './estimator';

export const radial: Estimator = {
  name: 'radial',
  radialWeightSets: true,
  train(m, batch, forces, k, rng) {
    const { theta, constants } = m.sampleWeightSets(k, rng);
    const out = weightSetForward(theta, m.layout, m.spec.activation, batch, forces);
    return { ...out, kl: radialKl(theta, m.rho, m.prior, constants) };
  },
  kernel: {
    ownRows: false,
    create: (c) => new KernelRadialStep(c.path, c.layout, { ...c.terms, ...(c.forces ? { forces: c.forces } : {}) }, c.window),
  },
};
