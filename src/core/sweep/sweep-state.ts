/**
 * The sweep's state (OUT/sweep-state.json): every trial with its values, status and validation curve.
 * The runner rewrites it atomically after each change, so a killed sweep resumes from it and the editor's
 * Sweeps view follows it; everything here is pure data and functions of it.
 */
import type { ParamValue, Strategy, SweepMetric } from './types';

export const SWEEP_STATE_FILE = 'sweep-state.json';
export const SWEEP_STATE_VERSION = 1;

export type TrialStatus = 'running' | 'completed' | 'pruned' | 'failed' | 'cancelled';

export interface TrialRecord {
  number: number;
  params: Record<string, ParamValue>;
  status: TrialStatus;
  /** Run directory relative to the sweep's output folder (`trials/0003`). */
  runDir: string;
  /** The pruning metric (else the objective) per validated epoch: [epoch, value]. */
  curve: [number, number][];
  /** Best objective value over the epochs; null before the first finite one. */
  best: number | null;
  bestEpoch: number | null;
  epochs: number;
  minutes: number;
  /** Why it failed or was pruned. */
  message?: string;
  /** Executor attempts (Slurm resubmissions count). */
  attempts?: number;
}

export interface SweepState {
  version: number;
  sweepFile: string;
  strategy: Strategy;
  objective: SweepMetric;
  seed: number;
  /** Planned number of trials. */
  trialsPlanned: number;
  budgetMinutes: number | null;
  executor: string;
  startedAt: string;
  updatedAt: string;
  /** Wall-clock minutes over every session of the sweep (resumes add to it). */
  elapsedMinutes: number;
  /** running: a process drives it; cancelled / finished: nobody does. */
  phase: 'running' | 'cancelled' | 'finished';
  /** The driving process (host name and pid), so the editor can ask it to stop (SIGTERM, as Ctrl-C). */
  driver?: { host: string; pid: number };
  trials: TrialRecord[];
  bestTrial: number | null;
}

export const isFinished = (t: TrialRecord) => t.status === 'completed' || t.status === 'pruned' || t.status === 'failed';

/** The best trial: lowest objective among completed trials (pruned ones only when none completed). */
export function bestTrialOf(trials: readonly TrialRecord[]): TrialRecord | null {
  const pick = (pool: TrialRecord[]) => pool.reduce<TrialRecord | null>((b, t) => (b === null || (t.best as number) < (b.best as number) ? t : b), null);
  const scored = trials.filter((t) => t.best !== null && Number.isFinite(t.best));
  return pick(scored.filter((t) => t.status === 'completed')) ?? pick(scored.filter((t) => t.status === 'pruned'));
}

export function padTrial(n: number): string {
  return String(n).padStart(4, '0');
}

/** Checks that a parsed JSON value is a sweep state this version can resume (a hand-edited file is refused). */
export function asSweepState(v: unknown): SweepState | null {
  const s = v as SweepState | null;
  if (!s || typeof s !== 'object' || s.version !== SWEEP_STATE_VERSION || !Array.isArray(s.trials)) return null;
  for (const t of s.trials) if (typeof t?.number !== 'number' || typeof t.params !== 'object' || typeof t.status !== 'string' || !Array.isArray(t.curve)) return null;
  return s;
}
