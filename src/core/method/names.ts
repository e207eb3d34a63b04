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

/**
 * How the data and KL terms are weighted in each step's objective (./bnn-objective.ts has the formulas):
 * 'paper' Σ_batch NLL + KL/N_train (the paper's v1 code); 'standard' the textbook minibatch ELBO per
 * structure; 'paper_v2' (Σ_batch NLL_E + Σ_batch NLL_F + KL)/N_train with a joint energy-force likelihood.
 */
export const KL_WEIGHTINGS = ['paper', 'standard', 'paper_v2'] as const;
export type KlWeighting = (typeof KL_WEIGHTINGS)[number];

/**
 * What the BNN's energy likelihood is over: 'total', the normalised total energy Ê_S of each structure (the
 * paper's, in whose units its tuned σ_obs are), or 'per_atom', Ê_S/N.
 */
export const BNN_LIKELIHOODS = ['total', 'per_atom'] as const;
export type BnnLikelihood = (typeof BNN_LIKELIHOODS)[number];

/** Hidden-layer activations aenet offers. */
export const ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'softplus', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
