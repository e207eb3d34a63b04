/**
 * The resolved config mapped onto what the engine takes: descriptor set-ups per element, the model spec,
 * the trainer options and the data-preparation options. One place, so the config's field names stay out
 * of src/core/training and src/core/models.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MlipConfig } from '../core/config';
import { parseStp } from '../core/descriptors/setup';
import type { ChebyshevSetup } from '../core/descriptors/types';
import { LocatedError } from '../core/errors';
import type { ModelSpec } from '../core/models/potential';
import type { PrepareOptions } from '../core/training/prepare';
import type { TrainerOptions } from '../core/training/trainer';

export function descriptorSetups(c: MlipConfig, elements: string[], configDir: string): ChebyshevSetup[] {
  const d = c.descriptor;
  const env = d.env ?? [...elements].sort();
  return elements.map((element) => {
    const stp = d.stp_files[element];
    if (stp) {
      const file = resolve(configDir, stp);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new LocatedError(`cannot read the set-up file for ${element}`, { file, field: `descriptor.stp_files.${element}` }, 'a readable aenet .stp file');
      }
      return parseStp(text, file);
    }
    const o = d.elements[element] ?? {};
    return {
      element, env, rmin: o.rmin ?? d.rmin,
      radialCutoff: o.radial_cutoff ?? d.radial_cutoff, radialOrder: o.radial_order ?? d.radial_order,
      angularCutoff: o.angular_cutoff ?? d.angular_cutoff, angularOrder: o.angular_order ?? d.angular_order,
    };
  });
}

export function modelSpec(c: MlipConfig, elements: string[], dims: number[]): ModelSpec {
  const base = { elements, dims, hidden: c.network.hidden, activation: c.network.activation, seed: c.training.seed };
  const m = c.method;
  if (m.type === 'bnn') {
    return { ...base, kind: 'bnn', members: 1, estimator: m.bnn.estimator, priorScale: m.bnn.prior_scale, qScale: m.bnn.q_scale };
  }
  if (m.type === 'ensemble') return { ...base, kind: 'ensemble', members: m.ensemble.members };
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
