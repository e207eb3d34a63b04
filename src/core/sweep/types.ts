/**
 * A hyperparameter sweep as the runner uses it: the `*.sweep.yaml` file with every default applied
 * (schemas/mlip-sweep.schema.json documents each field).
 */

/** A JSON value a config field can take (choices may be lists, e.g. `network.hidden`). */
export type ParamValue = number | string | boolean | null | ParamValue[] | { [k: string]: ParamValue };

export type Distribution =
  | { kind: 'choice'; values: ParamValue[] }
  | { kind: 'uniform'; lo: number; hi: number; steps: number; integer: boolean }
  | { kind: 'log_uniform'; lo: number; hi: number; steps: number; integer: boolean }
  | { kind: 'int'; lo: number; hi: number; steps: number };

export interface SearchParam {
  /** Dotted config field path, as written (`training.learning_rate`). */
  path: string;
  dist: Distribution;
}

export type Strategy = 'grid' | 'random' | 'tpe';
export type SweepMetric = 'val_energy_rmse' | 'val_loss' | 'val_force_rmse';

export interface PruningSpec {
  metric: SweepMetric;
  patience: number;
  warmupEpochs: number;
  every: number;
  startupTrials: number;
  minDelta: number;
}

export interface SlurmOptions {
  partition: string | null;
  account: string | null;
  time: string | null;
  memory: string | null;
  cpusPerTask: number;
  extraArgs: string[];
  maxRetries: number;
  pollSeconds: number;
  node: string | null;
}

export interface ExecutorSpec {
  type: 'local' | 'slurm';
  /** null: the executor's default (local: cores; slurm: 8). */
  parallel: number | null;
  threads: number | null;
  slurm: SlurmOptions;
}

export interface SweepSpec {
  /** The sweep file (absolute). */
  file: string;
  /** The base config's file when `base` is a path; null when inline. */
  baseFile: string | null;
  /** The base config as written (paths still relative to `baseDir`). */
  base: Record<string, unknown>;
  /** Folder the base config's relative paths are relative to. */
  baseDir: string;
  space: SearchParam[];
  strategy: Strategy;
  startupTrials: number;
  seed: number;
  objective: SweepMetric;
  pruning: PruningSpec | null;
  budget: { trials: number; minutes: number | null };
  executor: ExecutorSpec;
}

/** What the metrics are called in the run events. */
export const METRIC_EVENT_FIELD: Record<SweepMetric, 'valEnergyRmse' | 'valLoss' | 'valForceRmse'> = {
  val_energy_rmse: 'valEnergyRmse', val_loss: 'valLoss', val_force_rmse: 'valForceRmse',
};

export const METRIC_LABEL: Record<SweepMetric, string> = {
  val_energy_rmse: 'validation energy RMSE (eV/atom)', val_loss: 'validation loss', val_force_rmse: 'validation force RMSE (eV/Å)',
};
