/**
 * The benches' training cases, defined once: the train bench's 2×15 tanh networks (56 descriptor values per
 * atom) — a single network, a 10-member ensemble, the 2-sample LRT, Flipout and radial BNNs with the paper's
 * TiO2 values, and forces on 25 % of the structures (α 0.1) for a network and an LRT BNN. train-ab.ts compares
 * trees on them, split-threads.bench.ts times the BNNs on 2 threads, and kernel-call-profile.ts profiles them by
 * wasm kernel on 90 % of the 1,000 TiO2 structures, batch 64, one warm-up epoch already run.
 */
import { createModel } from '../../src/core/estimators/create-model';
import type { ModelSpec, PotentialModel } from '../../src/core/models/potential';
import type { BnnTrainingOptions } from '../../src/core/training/options';
import { Trainer } from '../../src/core/training/trainer';
import { ELEMENTS, tio2Bench } from './train-fixture';

/** A case: the model, its BNN training terms (null: not a BNN) and the force weight α (0: energies only). */
export interface TrainCase { spec: ModelSpec; bnn: BnnTrainingOptions | null; alpha: number }

const base = { elements: ELEMENTS, dims: [56, 56], hidden: [15, 15], activation: 'tanh' as const, seed: 1 };
const terms = (sigmaEnergy: number, sigmaForces = 1): BnnTrainingOptions => ({ sigmaEnergy, sigmaForces, weighting: 'paper', trainSamples: 2, predictSamples: 20 });
const lrt: ModelSpec = { ...base, kind: 'bnn', members: 1, estimator: 'lrt', priorScale: 0.209, qScale: 2.27e-4 };

export const TRAIN_CASES = {
  det: { spec: { ...base, kind: 'deterministic', members: 1 }, bnn: null, alpha: 0 },
  ens: { spec: { ...base, kind: 'ensemble', members: 10 }, bnn: null, alpha: 0 },
  lrt: { spec: lrt, bnn: terms(0.132), alpha: 0 },
  flipout: { spec: { ...base, kind: 'bnn', members: 1, estimator: 'flipout', priorScale: 0.206, qScale: 6.05e-4 }, bnn: terms(0.893), alpha: 0 },
  radial: { spec: { ...base, kind: 'bnn', members: 1, estimator: 'radial', priorScale: 0.108, qScale: 8.0e-4 }, bnn: terms(0.294), alpha: 0 },
  forces: { spec: { ...base, kind: 'deterministic', members: 1 }, bnn: null, alpha: 0.1 },
  'lrt-forces': { spec: lrt, bnn: terms(0.132, 0.5), alpha: 0.1 },
} satisfies Record<string, TrainCase>;
export type TrainCaseName = keyof typeof TRAIN_CASES;

/** The three BNNs by display name (split-threads.bench.ts, bnn-share-profile.ts). */
export function benchBnns(): { name: string; spec: ModelSpec; bnn: BnnTrainingOptions }[] {
  return ([['LRT', 'lrt'], ['Flipout', 'flipout'], ['radial', 'radial']] as const).map(([name, c]) => ({ name, spec: TRAIN_CASES[c].spec, bnn: TRAIN_CASES[c].bnn }));
}

export const PROFILE_CASES = ['det', 'ens', 'lrt', 'flipout', 'radial', 'forces'] as const;
export type ProfileCase = (typeof PROFILE_CASES)[number];

export function profiledTrainer(which: ProfileCase, threads?: number): { trainer: Trainer; model: PotentialModel; stepsPerEpoch: number } {
  if (!PROFILE_CASES.includes(which)) throw new Error(`unknown case ${which}; expected one of ${PROFILE_CASES.join(', ')}`);
  const { spec, bnn, alpha }: TrainCase = TRAIN_CASES[which];
  const { data } = tio2Bench({ train: 0.9, validation: 0, test: 0.1 }, alpha > 0 ? 0.25 : 0);
  const model = createModel(spec);
  const trainer = new Trainer(model, data.train, data.validation, data.std, {
    batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
    alpha, patience: null, minDelta: 0, seed: 1, bnn, bootstrap: false, energyScale: data.norm.scale, ...(threads ? { threads } : {}),
  });
  trainer.runEpoch();
  return { trainer, model, stepsPerEpoch: Math.ceil(data.train.length / 64) };
}
