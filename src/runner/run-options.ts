/**
 * The resolved config mapped onto what the engine takes: descriptor set-ups per element, the model spec,
 * the trainer options and the data-preparation options. One place, so the config's field names stay out
 * of src/core/training and src/core/models.
 */
import { descriptorSetups as configSetups, type MlipConfig } from '../core/config';
import type { ChebyshevSetup } from '../core/descriptors/types';
import { LocatedError } from '../core/errors';
import type { ModelSpec } from '../core/models/potential';
import type { PrepareOptions } from '../core/training/prepare';
import type { TrainerOptions } from '../core/training/trainer';

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

export function modelSpec(c: MlipConfig, elements: string[], dims: number[]): ModelSpec {
  const base = { elements, dims, hidden: c.network.hidden, activation: c.network.activation, seed: c.training.seed };
  const m = c.method;
  if (m.type === 'bnn') {
    return { ...base, kind: 'bnn', members: 1, estimator: m.bnn.estimator, priorScale: m.bnn.prior_scale, qScale: m.bnn.q_scale };
  }
  if (m.type === 'ensemble') {
    return { ...base, kind: 'ensemble', members: m.ensemble.members, ...(m.ensemble.heteroscedastic ? { heteroscedastic: true } : {}) };
  }
  return { ...base, kind: 'deterministic', members: 1 };
}

export function trainerOptions(c: MlipConfig, energyScale: number): TrainerOptions {
  const t = c.training;
  const m = c.method;
  return {
    batchSize: t.batch_size,
    adam: { learningRate: t.learning_rate, beta1: t.optimizer.beta1, beta2: t.optimizer.beta2, epsilon: t.optimizer.epsilon, weightDecay: t.optimizer.weight_decay, clip: t.clip },
    alpha: t.force_weight,
    patience: t.early_stopping.patience,
    minDelta: t.early_stopping.min_delta,
    seed: t.seed,
    bnn: m.type === 'bnn' ? {
      sigmaEnergy: m.bnn.sigma_obs_energy, sigmaForces: m.bnn.sigma_obs_forces, weighting: m.bnn.kl_weighting,
      trainSamples: m.bnn.train_samples, predictSamples: m.bnn.predict_samples,
    } : null,
    bootstrap: m.type === 'ensemble' && m.ensemble.bootstrap,
    energyScale,
  };
}

export function prepareOptions(c: MlipConfig, elements: string[]): PrepareOptions {
  return {
    elements,
    reference: c.data.reference_energies,
    maxEnergy: c.data.max_energy,
    split: c.data.split,
    subset: c.data.subset,
    forceFraction: c.training.force_fraction,
    trainForces: c.training.force_weight > 0,
  };
}
