/**
 * The report's recalibration: fitted on the validation predictions of each quantity (energy; forces
 * per element when the elements are known), both fitted methods of src/core/uq/recalibrate.ts evaluated
 * on every set side by side, `recalibrated` by the default one (the raw evaluation itself where held-out
 * folds kept raw σ, method "none"), and the plain-words warning when the validation-fitted scale lies
 * outside [0.5, 2].
 */
import type { Predictions } from '../uq/inputs';
import { recalibrationWarnings } from '../uq/miscalibration-warning';
import { evaluateRecalibrated, fitRecalibration, type RecalibrationFit } from '../uq/recalibrate';
import {
  FITTED_RECALIBRATION_METHODS, type FittedRecalibrationMethod, type QuantityMetrics, type QuantityName, type Recalibration, type UqEvaluation,
} from '../../protocol/report';
import type { SourceLocation } from '../errors';

export interface QuantityVectors {
  energy?: Predictions;
  forces?: Predictions;
  /** element of each force component */
  forceElements?: string[];
  /** structure index of each force component (cross-validation folds) */
  forceUnits?: ArrayLike<number>;
}

export interface FittedRecalibrations {
  recalibration: Partial<Record<QuantityName, Recalibration>>;
  fits: Partial<Record<QuantityName, RecalibrationFit>>;
}

/**
 * Fewest validation values to fit a recalibration on: below it the 100-level calibration curve moves in
 * steps of more than 5 % per point and a fitted scale has a relative standard error above ~16 %
 * (1/√(2n)), so σ is left raw and the report says why.
 */
export const MIN_RECALIBRATION_POINTS = 20;

function allZero(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

export function fitQuantityRecalibrations(validation: QuantityVectors | undefined): FittedRecalibrations {
  const recalibration: Partial<Record<QuantityName, Recalibration>> = {};
  const fits: Partial<Record<QuantityName, RecalibrationFit>> = {};
  for (const q of ['energy', 'forces'] as const) {
    const v = validation?.[q];
    if (!v) continue;
    if (allZero(v.yStd)) {
      // A deterministic model: there is no σ to rescale (a scale of the 1e-8 floor would invent one).
      recalibration[q] = { scale: 1, fittedOn: 'validation', count: v.yTrue.length, note: 'σ is zero for every validation value: nothing to recalibrate' };
      continue;
    }
    if (v.yTrue.length < MIN_RECALIBRATION_POINTS) {
      recalibration[q] = { scale: 1, fittedOn: 'validation', count: v.yTrue.length, note: `only ${v.yTrue.length} validation values (fewer than ${MIN_RECALIBRATION_POINTS}): too few to fit a recalibration; σ left raw` };
      continue;
    }
    const fit = fitRecalibration(v, q === 'forces' ? { groups: validation?.forceElements, units: validation?.forceUnits } : {});
    fits[q] = fit;
    const p = fit.pooled;
    const rec: Recalibration = {
      scale: p.scale, fittedOn: 'validation', count: p.count, nllScale: p.nllScale,
      ...(p.isotonic ? { isotonic: p.isotonic, isotonicSigmaFactor: p.isotonicSigmaFactor } : {}),
      method: fit.method,
      ...(fit.heldOutMace ? { heldOutMace: fit.heldOutMace } : {}),
      ...(fit.groups ? { perElement: Object.fromEntries(Object.entries(fit.groups).map(([el, g]) => [el, {
        scale: g.scale, nllScale: g.nllScale, count: g.count,
        ...(g.isotonic ? { isotonic: g.isotonic, isotonicSigmaFactor: g.isotonicSigmaFactor } : {}),
        ...(g.note ? { note: g.note } : {}),
      }])) } : {}),
      ...(fit.note ? { note: fit.note } : {}),
    };
    const warning = recalibrationWarnings({ [q]: rec }).join(' ');
    if (warning) rec.warning = warning;
    recalibration[q] = rec;
  }
  return { recalibration, fits };
}

/**
 * `recalibrated` (default method) and `recalibratedBy` (every fitted method) for one set and quantity;
 * `raw` is the set's raw evaluation, which `recalibrated` is (the same object) when the method is "none".
 */
export function recalibratedMetrics(v: Predictions, fit: RecalibrationFit, groups: readonly string[] | undefined, where: SourceLocation, raw: UqEvaluation): Pick<QuantityMetrics, 'recalibrated' | 'recalibratedBy'> {
  const by: Partial<Record<FittedRecalibrationMethod, UqEvaluation>> = {};
  for (const m of FITTED_RECALIBRATION_METHODS) {
    if (m === 'isotonic' && !fit.pooled.isotonic) continue;
    by[m] = evaluateRecalibrated(v, fit, m, groups, where);
  }
  return { recalibrated: fit.method === 'none' ? raw : by[fit.method] ?? by.scale, recalibratedBy: by };
}
