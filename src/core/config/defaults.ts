/**
 * Default values of every config field, mirroring the schema's `default` keywords (a test keeps them
 * equal), and the two method-dependent defaults the schema can only describe in words.
 */
import type { ConfigDefaults } from './types';

export const CONFIG_DEFAULTS: ConfigDefaults = {
  data: {
    test_structures: null,
    validation_structures: null,
    split_file: { train: null, validation: null, test: null },
    format: 'auto',
    energy_key: null,
    forces_key: null,
    units: 'eV',
    energies: { file: null, member: null, column: 2, units: null },
    reference_energies: {},
    max_energy: null,
    split: { train: 0.8, validation: 0.1, test: 0.1, seed: 1 },
    subset: { fraction: 1, seed: 1 },
    limit: null,
  },
  descriptor: {
    radial_cutoff: 6.5,
    radial_order: 20,
    angular_cutoff: 5.0,
    angular_order: 6,
    rmin: 0.35,
    env: null,
    elements: {},
    stp_files: {},
  },
  network: { hidden: [15, 15], activation: 'tanh' },
  method: {
    type: 'ensemble',
    ensemble: { members: 10, bootstrap: false, heteroscedastic: false },
    bnn: {
      estimator: 'lrt',
      prior_scale: 0.209,
      q_scale: 0.000227,
      sigma_obs_energy: 0.132,
      sigma_obs_forces: 1.0,
      kl_weighting: 'paper',
      likelihood: 'total',
      train_samples: 1,
      predict_samples: 20,
      add_observation_noise: false,
    },
  },
  training: {
    optimizer: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weight_decay: 0 },
    clip: null,
    learning_rate: 0.001,
    batch_size: 32,
    epochs: 500,
    early_stopping: { patience: 50, min_delta: 0 },
    force_weight: 0,
    force_fraction: 1,
    seed: 1,
    shuffle: true,
    backend: 'auto',
    threads: null,
    time_budget_minutes: null,
  },
  evaluation: { calibration_every: 10, snapshot_size: null },
  output: { run_dir: null },
};

/** What the paper's BNN training used where the user did not say otherwise (methods.md §5). */
export const BNN_TRAINING_DEFAULTS = { beta1: 0.95, clip: 15 } as const;
