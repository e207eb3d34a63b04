/**
 * The report's bootstrap intervals (src/core/uq/bootstrap.ts) on every evaluation of a set and quantity:
 * raw σ, and each recalibration with σ' = factor·σ held fixed (the fit is not redone per resample: the
 * interval is the sampling noise of the evaluated set, not of the validation fit). The isotonic method's
 * MACE and PICP come from its own map, not from a σ per point, so it carries RMSE and MAE only (equal to
 * raw's: recalibration leaves ŷ alone). Where held-out folds kept raw σ (method "none"), `recalibrated` is
 * the raw evaluation object itself and carries raw's intervals.
 */
import { bootstrapIntervals, BOOTSTRAP_DEFAULTS } from '../uq/bootstrap';
import type { Predictions } from '../uq/inputs';
import { recalibratedSigma, type RecalibrationFit } from '../uq/recalibrate';
import type { MetricIntervals, QuantityMetrics, StructurePrediction } from '../../protocol/report';

/**
 * Resamples for N values: 1000, fewer for very large sets (bounded by 4·10⁷ value-resamples, at least
 * 200), so a report on 10⁵ force components still builds in seconds; the count used is stored.
 */
export function resamplesFor(n: number): number {
  return Math.max(200, Math.min(BOOTSTRAP_DEFAULTS.resamples, Math.floor(4e7 / Math.max(1, n))));
}

/** The structure of each force component (structure order, atom order, x y z), or undefined when the counts disagree. */
export function forceComponentStructures(structures: readonly Pick<StructurePrediction, 'atoms'>[], components: number): Uint32Array | undefined {
  const unit = new Uint32Array(components);
  let k = 0;
  structures.forEach((st, i) => { for (let c = 0; c < 3 * st.atoms && k < unit.length; c++) unit[k++] = i; });
  return k === unit.length ? unit : undefined;
}

/** Adds `intervals` to qm.raw and to each recalibrated evaluation (the objects are shared, so `recalibrated` has them too). */
export function addIntervals(qm: QuantityMetrics, v: Predictions, fit: RecalibrationFit | undefined, groups: readonly string[] | undefined, units: ArrayLike<number> | undefined): void {
  const o = { units, resamples: resamplesFor(v.yTrue.length) };
  const raw = bootstrapIntervals(v, o);
  qm.raw.intervals = raw;
  if (!fit) return;
  for (const [method, ev] of Object.entries(qm.recalibratedBy ?? {})) {
    if (!ev) continue;
    ev.intervals = method === 'scale'
      ? bootstrapIntervals({ ...v, yStd: recalibratedSigma(v.yStd, fit, 'scale', groups) }, o)
      : accuracyOnly(raw);
  }
}

function accuracyOnly(i: MetricIntervals): MetricIntervals {
  const { mace: _m, picp95: _p, ...rest } = i;
  return rest;
}
