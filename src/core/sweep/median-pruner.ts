/**
 * Median pruning with patience, as the paper's Optuna set-up: MedianPruner wrapped in a PatientPruner.
 *
 * A trial reports its validation metric v(t) at epochs t (lower is better). At its latest epoch T:
 * 1. nothing is pruned before `startupTrials` trials completed, before `warmupEpochs`, or off the `every` grid;
 * 2. patience p (PatientPruner): with the last p+1 values as the window W and the earlier ones as B, the trial
 *    has stalled when min(B) + min_delta < min(W), i.e. none of the last p+1 values beat the best before them
 *    by min_delta; a trial that has not stalled (or has ≤ p+1 values) goes on. p = 0 skips this test;
 * 3. median (MedianPruner): prune when the trial's best so far, min_{t ≤ T} v(t), is worse than the median of
 *    the completed trials' values at epoch T (trials with no value at T are left out; none: go on).
 */
import type { PruningSpec } from './types';
import { median } from '../uq/accuracy';

/** A trial's intermediate values: [epoch, value] in epoch order. */
export type Curve = ReadonlyArray<readonly [number, number]>;

export interface PruneDecision {
  prune: boolean;
  /** The median it was compared with, when the median test ran. */
  median?: number;
  best?: number;
  why: string;
}

/** The median of the metrics (mean of the two middle values for an even count), re-exported for the sweep's callers. */
export { median };

const finite = (c: Curve) => c.filter(([, v]) => Number.isFinite(v));

export function shouldPrune(trial: Curve, completed: readonly Curve[], spec: Pick<PruningSpec, 'patience' | 'warmupEpochs' | 'every' | 'startupTrials' | 'minDelta'>): PruneDecision {
  const own = finite(trial);
  if (!own.length) return { prune: false, why: 'no value yet' };
  const step = own[own.length - 1][0];
  if (completed.length < spec.startupTrials) return { prune: false, why: `${completed.length} of ${spec.startupTrials} start-up trials completed` };
  if (step < spec.warmupEpochs) return { prune: false, why: 'warm-up' };
  if ((step - spec.warmupEpochs) % spec.every !== 0) return { prune: false, why: 'not a checking epoch' };
  if (spec.patience > 0) {
    if (own.length <= spec.patience + 1) return { prune: false, why: 'patience: too few values' };
    const before = own.slice(0, -spec.patience - 1).map(([, v]) => v);
    const window = own.slice(-spec.patience - 1).map(([, v]) => v);
    if (!(Math.min(...before) + spec.minDelta < Math.min(...window))) return { prune: false, why: 'still improving' };
  }
  const atStep = completed.flatMap((c) => finite(c).filter(([t]) => t === step).map(([, v]) => v));
  if (!atStep.length) return { prune: false, why: `no completed trial has a value at epoch ${step}` };
  const m = median(atStep);
  const best = Math.min(...own.map(([, v]) => v));
  return best > m
    ? { prune: true, median: m, best, why: `best ${best.toPrecision(4)} worse than the median ${m.toPrecision(4)} of ${atStep.length} completed trials at epoch ${step}` }
    : { prune: false, median: m, best, why: 'at or better than the median' };
}
