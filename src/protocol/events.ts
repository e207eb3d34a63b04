/**
 * Run events: what the runner writes to `events.ndjson` (one JSON object per line) and streams to the
 * extension host on stdout. Defined once here; `schemas/run-event.schema.json` mirrors it and every
 * reader validates lines where they enter (a torn last line after a kill is expected and skipped).
 */
import type { BnnEstimator, MethodType } from '../core/method/names';

export const EVENT_PROTOCOL_VERSION = 1;

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

interface EventBase {
  /** Protocol version, so older dashboards can refuse newer streams clearly. */
  v: number;
  /** ISO time the event was emitted. */
  t: string;
  /** Run id (the run directory's name). */
  run: string;
}

export interface StartedEvent extends EventBase {
  type: 'started';
  backend: BackendName;
  /** Why this backend: e.g. "tfjs-node not installed; wasm loaded". */
  backendReason: string;
  /** What runs the training steps: the wasm SIMD MLP kernels (tanh networks, ensembles, BNNs; energies and forces) or tfjs ops, and why. */
  engine?: 'wasm-simd-kernels' | 'tfjs-ops';
  engineReason?: string;
  /** Threads that run the training steps: the kernels' (a deep ensemble's members, or a BNN's or single network's batches, split across them), or the tfjs backend's. */
  threads: number;
  versions: Record<string, string>;
  configHash: string;
  configFile: string;
  method: MethodType;
  estimator?: BnnEstimator;
  members?: number;
  /** Ensembles whose members also predict a variance (trained with Gaussian NLL); absent: homoscedastic. */
  heteroscedastic?: boolean;
  epochs: number;
  trainForces: boolean;
  data: { structures: number; atoms: number; elements: string[]; train: number; validation: number; test: number };
  resumedFromEpoch?: number;
}

export interface FeaturizeProgressEvent extends EventBase {
  type: 'featurize';
  done: number;
  total: number;
  seconds: number;
}

export interface MemberEpochStats {
  trainLoss: number;
  /** eV/atom; absent without a validation set. */
  valEnergyRmse?: number;
  valForceRmse?: number;
}

/**
 * Losses and RMSEs can be NaN (no validation set; a loss that diverged) and JSON has no NaN: such a number
 * is written, and read back, as null. Readers treat any non-number here as "no value".
 */
export interface EpochEvent extends EventBase {
  type: 'epoch';
  epoch: number;
  epochs: number;
  /** Total objective per structure as minimised. */
  trainLoss: number;
  /** Data (likelihood / RMSE) part of the loss. */
  dataTerm: number;
  /** KL part (BNN only; 0 otherwise). */
  klTerm: number;
  valLoss: number;
  /** eV/atom. */
  valEnergyRmse: number;
  /** eV/Å, when forces are trained. */
  valForceRmse?: number;
  learningRate: number;
  seconds: number;
  etaSeconds: number;
  /** Ensemble only: one entry per member. */
  members?: MemberEpochStats[];
  best: boolean;
}

export interface CalibrationEvent extends EventBase {
  type: 'calibration';
  epoch: number;
  set: 'validation';
  quantity: 'energy' | 'forces';
  expected: number[];
  observed: number[];
  mace: number;
  nll: number;
  /** σ scale that calibrates σ on every validation point of the snapshot (src/core/uq/calibration-scale.ts) */
  sigmaScale?: number;
  /** A parity snapshot: true vs predicted (eV/atom) with σ, at most a few hundred points. */
  parity?: { y: number[]; mu: number[]; sigma: number[] };
}

export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
  epoch: number;
  file: string;
  best: boolean;
}

export interface WarningEvent extends EventBase {
  type: 'warning';
  message: string;
}

export interface LogEvent extends EventBase {
  type: 'log';
  level: 'info' | 'debug';
  message: string;
}

export interface FinishedEvent extends EventBase {
  type: 'finished';
  epochs: number;
  bestEpoch: number;
  seconds: number;
  /** Path of the report (or predictions file), relative to the run directory. */
  report: string;
  summary: Record<string, number>;
  /** Absent: completed. 'time-budget': the run's deadline passed first; the best epoch so far is kept. */
  stopped?: StopReason;
}

export type StopReason = 'completed' | 'early-stopping' | 'cancelled' | 'time-budget';

export interface FailedEvent extends EventBase {
  type: 'failed';
  message: string;
  /** Located cause when the input was at fault. */
  location?: { file?: string; line?: number; column?: number; field?: string };
  epoch?: number;
}

export type RunEvent =
  | StartedEvent
  | FeaturizeProgressEvent
  | EpochEvent
  | CalibrationEvent
  | CheckpointEvent
  | WarningEvent
  | LogEvent
  | FinishedEvent
  | FailedEvent;

export type RunEventType = RunEvent['type'];
