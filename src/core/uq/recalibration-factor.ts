/**
 * The factor a report's recalibration multiplies a σ by (σ' = factor·σ), for a quantity and, for force
 * components, the atom's element: what `mlip-uq predict --run` and the report viewer apply.
 *   method "none": 1 (raw σ was better calibrated on held-out validation folds than either fit);
 *   method "isotonic": isotonicSigmaFactor (the recalibrated ±1σ half-width, isotonic-recalibration.ts);
 *   otherwise (method "scale", or a report written before methods existed): the scale;
 * each taken from the element's own fit when there is one, else from the quantity's.
 * A recalibration that was not fitted (too few points, σ = 0) has scale 1: the factor is then 1.
 */
import type { Recalibration } from '../../protocol/report';

export function recalibrationFactor(rec: Recalibration | undefined, element?: string): number {
  if (!rec || rec.method === 'none') return 1;
  const own = element !== undefined ? rec.perElement?.[element] : undefined;
  const fit = own && !own.note ? own : rec;
  const f = rec.method === 'isotonic' && fit.isotonicSigmaFactor !== undefined ? fit.isotonicSigmaFactor : fit.scale;
  return f > 0 && Number.isFinite(f) ? f : 1;
}

/** Whether the recalibration changes σ at all (a fitted method applied, or an older report's scale ≠ 1); false for "none". */
export function isFittedRecalibration(rec: Recalibration | undefined): boolean {
  return !!rec && rec.method !== 'none' && (rec.method !== undefined || rec.scale !== 1);
}

/** Why σ is left raw under method "none", in the words the viewer and the CLI use. */
export const KEPT_RAW_SIGMA_SENTENCE = 'σ shown as the model gives it: raw σ was better calibrated on held-out validation folds than either fit';

/** Whether held-out validation folds chose to keep raw σ (method "none") for this quantity. */
export function keptRawSigma(rec: Recalibration | undefined): boolean {
  return rec?.method === 'none';
}
