/**
 * The values of trial k: grid point k, independent random draws, or TPE (random for the first
 * `startupTrials` trials, then per-parameter Parzen estimators over the finished trials, tpe.ts).
 * Each trial draws from its own stream Rng.derive(seed, k), so a resumed sweep proposes what the
 * uninterrupted one would have proposed from the same history.
 */
import { Rng } from '../rng';
import { drawRandom, gridPoint, gridSize } from './space';
import type { TrialRecord } from './sweep-state';
import { tpeSuggest, type Observation } from './tpe';
import type { ParamValue, SweepSpec } from './types';

export function plannedTrials(spec: Pick<SweepSpec, 'strategy' | 'space' | 'budget'>): number {
  return spec.strategy === 'grid' ? Math.min(spec.budget.trials, gridSize(spec.space.map((p) => p.dist))) : spec.budget.trials;
}

/** Observations of one parameter from finished trials with a finite objective (failed ones carry no information). */
export function observations(trials: readonly TrialRecord[], path: string): Observation[] {
  return trials
    .filter((t) => (t.status === 'completed' || t.status === 'pruned') && t.best !== null && Number.isFinite(t.best) && path in t.params)
    .map((t) => ({ value: t.params[path], score: t.best as number, pruned: t.status === 'pruned' }));
}

export function suggestParams(spec: Pick<SweepSpec, 'strategy' | 'space' | 'seed' | 'startupTrials'>, k: number, history: readonly TrialRecord[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  if (spec.strategy === 'grid') {
    const point = gridPoint(spec.space.map((p) => p.dist), k);
    spec.space.forEach((p, i) => { out[p.path] = point[i]; });
    return out;
  }
  const rng = Rng.derive(spec.seed, k);
  const useTpe = spec.strategy === 'tpe' && k >= spec.startupTrials;
  for (const p of spec.space) {
    const obs = useTpe ? observations(history, p.path) : [];
    out[p.path] = obs.length ? tpeSuggest(p.dist, obs, rng) : drawRandom(p.dist, rng);
  }
  return out;
}
