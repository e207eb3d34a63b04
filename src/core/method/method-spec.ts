/**
 * The method of a run, resolved once from the config (src/runner/run-options.ts: methodSpec) and handed on
 * from there: the model spec, the trainer options, the `started` event and the report's method summary
 * are all derived from this one value, so none of them reads the config's method block again.
 */
import type { BnnEstimator, BnnLikelihood, KlWeighting, MethodType } from './names';

export interface EnsembleMethod {
  type: 'ensemble'; members: number; bootstrap: boolean; heteroscedastic: boolean;
  /** The first member's index in the full ensemble (absent: 0): set when members train as separate jobs. */
  firstMember?: number;
}

/**
 * Member k of an ensemble trained on its own (`train --member k`, what `--members-as-jobs` runs): one network
 * whose initial weights and bootstrap resample are member k's in the whole ensemble with the same seed.
 */
export function oneMember(m: EnsembleMethod, k: number): EnsembleMethod {
  return { ...m, members: 1, firstMember: k };
}

export interface BnnMethod {
  type: 'bnn';
  estimator: BnnEstimator;
  priorScale: number;
  qScale: number;
  /** Observation noise of the Gaussian likelihood (energies per atom, forces per component), eV units. */
  sigmaEnergy: number;
  sigmaForces: number;
  klWeighting: KlWeighting;
  /** The energy likelihood's variable: the normalised total energy, or per atom (./bnn-objective.ts). */
  likelihood: BnnLikelihood;
  trainSamples: number;
  predictSamples: number;
  /** Prediction adds the observation noise to σ². */
  addObservationNoise: boolean;
}

export type MethodSpec = { type: 'deterministic' } | EnsembleMethod | BnnMethod;

/** Output rows of one prediction pass: ensemble members, or one deterministic network. */
export function methodMembers(m: MethodSpec): number {
  return m.type === 'ensemble' ? m.members : 1;
}

/** The method's identifying fields as the `started` event and the report's method summary both carry them. */
export function methodLabel(m: MethodSpec): { method: MethodType; estimator?: BnnEstimator; members?: number; heteroscedastic?: boolean } {
  return {
    method: m.type,
    ...(m.type === 'bnn' ? { estimator: m.estimator } : {}),
    ...(m.type === 'ensemble' ? { members: m.members } : {}),
    ...(m.type === 'ensemble' && m.heteroscedastic ? { heteroscedastic: true } : {}),
  };
}

/** The report's method summary (protocol/report.ts MethodSummary), fields in the order the predictions file has always had them. */
export function methodSummary(m: MethodSpec, trainForces: boolean, regime?: string): {
  method: MethodType; trainForces: boolean; estimator?: BnnEstimator; samples?: number; members?: number; heteroscedastic?: boolean; regime?: string;
} {
  return {
    method: m.type, trainForces,
    ...(m.type === 'bnn' ? { estimator: m.estimator, samples: m.predictSamples } : {}),
    ...(m.type === 'ensemble' ? { members: m.members } : {}),
    ...(m.type === 'ensemble' && m.heteroscedastic ? { heteroscedastic: true } : {}),
    ...(regime !== undefined ? { regime } : {}),
  };
}
