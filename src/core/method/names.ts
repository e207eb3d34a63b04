/**
 * The names a method is made of, each list written once: the config schema's enums
 * (schemas/mlip-config.schema.json; test/core/method/names.test.ts keeps them equal), the run events, the
 * report and the model spec all take their types from here. This file imports nothing, so protocol/,
 * config/ and models/ can all depend on it.
 */

export const METHOD_TYPES = ['deterministic', 'ensemble', 'bnn'] as const;
export type MethodType = (typeof METHOD_TYPES)[number];

/** How a BNN's training pass samples the posterior (methods.md §5); see src/core/estimators/ for each. */
export const BNN_ESTIMATORS = ['lrt', 'flipout', 'radial'] as const;
export type BnnEstimator = (typeof BNN_ESTIMATORS)[number];

/** 'paper': the NLL summed over the batch plus KL/N_train; 'standard': the batch mean NLL plus KL/N_train. */
export const KL_WEIGHTINGS = ['paper', 'standard'] as const;
export type KlWeighting = (typeof KL_WEIGHTINGS)[number];

/** Hidden-layer activations aenet offers. */
export const ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'softplus', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
