/**
 * The training cases kernel-call-profile.ts times by wasm kernel: the train bench's 2×15 tanh networks on 90 % of the 1,000 TiO2 structures, batch 64, one warm-up epoch
 * already run. `forces` trains forces on 25 % of the structures (α 0.1).
 */
import { createModel } from '../../src/core/estimators/create-model';
import type { ModelSpec, PotentialModel } from '../../src/core/models/potential';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import { Trainer } from '../../src/core/training/trainer';
import { ELEMENTS, tio2Bench } from './train-fixture';

export const PROFILE_CASES = ['det', 'ens', 'lrt', 'flipout', 'radial', 'forces'] as const;
export type ProfileCase = (typeof PROFILE_CASES)[number];

export function profiledTrainer(which: ProfileCase, threads?: number): { trainer: Trainer; model: PotentialModel; stepsPerEpoch: number } {
  const base = { elements: ELEMENTS, dims: [56, 56], hidden: [15, 15], activation: 'tanh' as const, seed: 1 };
  const specs: Record<ProfileCase, [ModelSpec, BnnTrainingOptions | null, number]> = {
    det: [{ ...base, kind: 'deterministic', members: 1 }, null, 0],
    ens: [{ ...base, kind: 'ensemble', members: 10 }, null, 0],
    lrt: [{ ...base, kind: 'bnn', members: 1, estimator: 'lrt', priorScale: 0.209, qScale: 2.27e-4 }, { sigmaEnergy: 0.132, sigmaForces: 1, weighting: 'paper', trainSamples: 2, predictSamples: 20 }, 0],
    flipout: [{ ...base, kind: 'bnn', members: 1, estimator: 'flipout', priorScale: 0.206, qScale: 6.05e-4 }, { sigmaEnergy: 0.893, sigmaForces: 1, weighting: 'paper', trainSamples: 2, predictSamples: 20 }, 0],
    radial: [{ ...base, kind: 'bnn', members: 1, estimator: 'radial', priorScale: 0.108, qScale: 8.0e-4 }, { sigmaEnergy: 0.294, sigmaForces: 1, weighting: 'paper', trainSamples: 2, predictSamples: 20 }, 0],
    forces: [{ ...base, kind: 'deterministic', members: 1 }, null, 0.1],
  };
  if (!PROFILE_CASES.includes(which)) throw new Error(`unknown case ${which}; expected one of ${PROFILE_CASES.join(', ')}`);
  const [spec, bnn, alpha] = specs[which];
  const { data } = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, alpha > 0 ? 0.25 : 0);
  const model = createModel(spec);
  const trainer = new Trainer(model, data.train, data.validation, data.std, {
    batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
    alpha, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, ...(threads ? { threads } : {}),
  });
  trainer.runEpoch();
  return { trainer, model, stepsPerEpoch: Math.ceil(data.train.length / 64) };
}
