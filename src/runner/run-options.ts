/**
 * The resolved config mapped onto what the engine takes: descriptor set-ups per element, the model spec,
 * the trainer options and the data-preparation options. One place, so the config's field names stay out
 * of src/core/training and src/core/models.
 */
import { availableParallelism } from 'node:os';
import { descriptorSetups as configSetups, type MlipConfig } from '../core/config';
import type { ChebyshevSetup } from '../core/descriptors/types';
import { LocatedError } from '../core/errors';
import type { MethodSpec } from '../core/method/method-spec';
import type { ModelSpec } from '../core/models/potential';
import type { PrepareOptions } from '../core/training/prepare';
import type { TrainerOptions } from '../core/training/options';

/**
 * The config's set-ups (src/core/config, which also checks each .stp file's element), in the order of
 * `elements`: the order the model spec pairs with the descriptor lengths.
 */
export function descriptorSetups(c: MlipConfig, elements: string[], configDir: string, configFile?: string): ChebyshevSetup[] {
  const byElement = new Map(configSetups(c, elements, configDir).map((s) => [s.element, s]));
  return elements.map((element) => {
    const setup = byElement.get(element);
    if (!setup) throw new LocatedError(`descriptor.env lacks ${element} (present in the data)`, { file: configFile, field: 'descriptor.env' }, `an env list that names ${element}`);
    return setup;
  });
}

/** The config's method block resolved once; everything else about the method is derived from this value. */
export function methodSpec(c: MlipConfig): MethodSpec {
  const m = c.method;
  if (m.type === 'bnn') {
    const b = m.bnn;
    return {
      type: 'bnn', estimator: b.estimator, priorScale: b.prior_scale, qScale: b.q_scale, sigmaEnergy: b.sigma_obs_energy,
      sigmaForces: b.sigma_obs_forces, klWeighting: b.kl_weighting, likelihood: b.likelihood, trainSamples: b.train_samples, predictSamples: b.predict_samples,
      addObservationNoise: b.add_observation_noise,
    };
  }
  if (m.type === 'ensemble') return { type: 'ensemble', members: m.ensemble.members, bootstrap: m.ensemble.bootstrap, heteroscedastic: m.ensemble.heteroscedastic };
  return { type: 'deterministic' };
}

export function modelSpec(c: MlipConfig, m: MethodSpec, elements: string[], dims: number[]): ModelSpec {
  const base = { elements, dims, hidden: c.network.hidden, activation: c.network.activation, seed: c.training.seed };
  if (m.type === 'bnn') {
    return { ...base, kind: 'bnn', members: 1, estimator: m.estimator, priorScale: m.priorScale, qScale: m.qScale };
  }
  if (m.type === 'ensemble') {
    return { ...base, kind: 'ensemble', members: m.members, ...(m.heteroscedastic ? { heteroscedastic: true } : {}), ...(m.firstMember ? { firstMember: m.firstMember } : {}) };
  }
  return { ...base, kind: 'deterministic', members: 1 };
}

export function trainerOptions(c: MlipConfig, m: MethodSpec, energyScale: number): TrainerOptions {
  const t = c.training;
  return {
    batchSize: t.batch_size,
    adam: { learningRate: t.learning_rate, beta1: t.optimizer.beta1, beta2: t.optimizer.beta2, epsilon: t.optimizer.epsilon, weightDecay: t.optimizer.weight_decay, clip: t.clip },
    alpha: t.force_weight,
    patience: t.early_stopping.patience,
    minDelta: t.early_stopping.min_delta,
    seed: t.seed,
    bnn: m.type === 'bnn' ? {
      sigmaEnergy: m.sigmaEnergy, sigmaForces: m.sigmaForces, weighting: m.klWeighting, likelihood: m.likelihood,
      trainSamples: m.trainSamples, predictSamples: m.predictSamples,
    } : null,
    bootstrap: m.type === 'ensemble' && m.bootstrap,
    shuffle: t.shuffle,
    energyScale,
    // The kernels' threads (an ensemble's members, or a BNN's or single network's batches, split across them): training.threads, else every core.
    threads: t.threads ?? availableParallelism(),
  };
}

/** The given reference energies and the elements to fit (`fit` alone: every element of the data). */
export function referenceOptions(refs: MlipConfig['data']['reference_energies'], elements: string[]): { reference: Record<string, number>; fitReference?: string[] } {
  if (refs === 'fit') return { reference: {}, fitReference: [...elements] };
  const reference: Record<string, number> = {};
  const fit: string[] = [];
  for (const [el, v] of Object.entries(refs)) {
    if (v === 'fit') fit.push(el);
    else reference[el] = v;
  }
  return fit.length ? { reference, fitReference: fit } : { reference };
}

export function prepareOptions(c: MlipConfig, elements: string[]): PrepareOptions {
  return {
    elements,
    ...referenceOptions(c.data.reference_energies, elements),
    maxEnergy: c.data.max_energy,
    split: c.data.split,
    subset: c.data.subset,
    forceFraction: c.training.force_fraction,
    trainForces: c.training.force_weight > 0,
  };
}
