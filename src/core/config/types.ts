/**
 * The training config as the rest of the product sees it: every default applied. Hand-written to
 * follow schemas/mlip-config.schema.json (the source of truth); test/core/config/schema-types.test.ts
 * walks the schema against CONFIG_DEFAULTS so the two cannot drift apart.
 */
import type { ActivationName, BnnEstimator, BnnLikelihood, KlWeighting, MethodType } from '../method/names';
import type { EnergyUnit } from '../structures/types';

export type { BnnEstimator, KlWeighting, MethodType };

/** `xyz` is read as extended XYZ (structureReadFormat). */
export type StructureFormat = 'auto' | 'xsf' | 'extxyz' | 'xyz';
export type Activation = ActivationName;
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface SplitConfig { train: number; validation: number; test: number; seed: number }
export interface SubsetConfig { fraction: number; seed: number }

/** `data.energies`: a text table `NAME ENERGY …` joined to the structures by file or archive-member name. */
export interface EnergyTableConfig {
  /** The table, or the archive holding it, relative to the config file; null = energies come from the structure files. */
  file: string | null;
  /** The table's path inside `file` when that is a tar archive. */
  member: string | null;
  /** 1-based column of the energy (column 1 is the name). */
  column: number;
  /** Unit of the table's energies; applyDefaults sets data.units where the config leaves it unset. */
  units: EnergyUnit;
}

/** `data.split_file` as an object: text files of 0-based indices per set (the paper's form); null = not given. */
export interface SplitIndexFiles { train: string | null; validation: string | null; test: string | null }

/** eV per atom of each element, or `fit` (fitted on the training split); `fit` alone fits every element. */
export type ReferenceEnergiesConfig = 'fit' | Record<string, number | 'fit'>;

export interface DataConfig {
  /** Paths, globs, folders or archives, relative to the config file; always a list once resolved. */
  structures: string[];
  /** A given test set, read like `structures`; null = drawn from `structures`. Always a list when given. */
  test_structures: string[] | null;
  /** A given validation set; null = drawn from `structures`. */
  validation_structures: string[] | null;
  /** A run's split.json (names per set), or index files per set. */
  split_file: string | SplitIndexFiles;
  format: StructureFormat;
  /** Extended XYZ: the energy's comment key and the forces' column; null = energy/REF_energy, forces/REF_forces. */
  energy_key: string | null;
  forces_key: string | null;
  units: EnergyUnit;
  energies: EnergyTableConfig;
  reference_energies: ReferenceEnergiesConfig;
  /** eV/atom above the lowest; null = no filter. */
  max_energy: number | null;
  split: SplitConfig;
  subset: SubsetConfig;
  limit: number | null;
}

/** Per-element override of the shared Chebyshev values (unset = shared). */
export interface ChebyshevOverride {
  radial_cutoff?: number;
  radial_order?: number;
  angular_cutoff?: number;
  angular_order?: number;
  rmin?: number;
}

export interface DescriptorConfig {
  radial_cutoff: number;
  radial_order: number;
  angular_cutoff: number;
  angular_order: number;
  rmin: number;
  /** Environment species order; null = alphabetical order of the data's elements. */
  env: string[] | null;
  elements: Record<string, ChebyshevOverride>;
  /** aenet .stp file per element, relative to the config file. */
  stp_files: Record<string, string>;
}

export interface NetworkConfig { hidden: number[]; activation: Activation }

export interface EnsembleOptions { members: number; bootstrap: boolean; heteroscedastic: boolean }

export interface BnnOptions {
  estimator: BnnEstimator;
  prior_scale: number;
  q_scale: number;
  sigma_obs_energy: number;
  sigma_obs_forces: number;
  kl_weighting: KlWeighting;
  likelihood: BnnLikelihood;
  train_samples: number;
  predict_samples: number;
  add_observation_noise: boolean;
}

/** Only the options block of the chosen method is present once resolved. */
export type MethodConfig =
  | { type: 'deterministic' }
  | { type: 'ensemble'; ensemble: EnsembleOptions }
  | { type: 'bnn'; bnn: BnnOptions };

export interface OptimizerConfig { type: 'adam'; beta1: number; beta2: number; epsilon: number; weight_decay: number }
export interface EarlyStoppingConfig { patience: number | null; min_delta: number }

export interface TrainingConfig {
  optimizer: OptimizerConfig;
  clip: number | null;
  learning_rate: number;
  batch_size: number;
  epochs: number;
  early_stopping: EarlyStoppingConfig;
  force_weight: number;
  force_fraction: number;
  seed: number;
  /** Reshuffle the fixed batches' order every epoch (false: the paper's fixed order). */
  shuffle: boolean;
  backend: BackendChoice;
  threads: number | null;
  /** Wall-clock training budget in minutes; null = none. */
  time_budget_minutes: number | null;
}

export interface EvaluationConfig { calibration_every: number; snapshot_size: number | null }
export interface OutputConfig { run_dir: string | null }

/** A resolved config: valid against the schema, all defaults applied. */
export interface MlipConfig {
  data: DataConfig;
  descriptor: DescriptorConfig;
  network: NetworkConfig;
  method: MethodConfig;
  training: TrainingConfig;
  evaluation: EvaluationConfig;
  output: OutputConfig;
}

/** The defaults, shaped like the schema: every property that has a schema default, nothing else. */
export interface ConfigDefaults {
  /** `energies.units` defaults to null: "the unit of data.units", resolved by applyDefaults. */
  data: Omit<DataConfig, 'structures' | 'energies' | 'split_file'> & { energies: Omit<EnergyTableConfig, 'units'> & { units: null }; split_file: SplitIndexFiles };
  descriptor: DescriptorConfig;
  network: NetworkConfig;
  method: { type: MethodType; ensemble: EnsembleOptions; bnn: BnnOptions };
  training: TrainingConfig;
  evaluation: EvaluationConfig;
  output: OutputConfig;
}
