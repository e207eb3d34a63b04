/**
 * The σ health of each quantity of a report (src/core/uq/sigma-health.ts), as the viewer's badge and the
 * HTML report show it: the validation-fitted scale of the report's recalibration (forces: the pooled fit)
 * where one was fitted, and RMS σ against RMSE of the raw validation metrics (the test set's where the
 * report has no validation set) for the collapse check. Where the report left σ raw because validation
 * was too small to recalibrate on (< 20 values), the scale is fitted here on those values all the same
 * (calibration-scale.ts, as the dashboard's snapshots do): too few to correct σ with, enough to see that
 * σ is 70× too small; the badge's tooltip says so, and the small-n warning stands beside it.
 */
import { sigmaHealth, type SigmaHealth } from '../uq/sigma-health';
import { fitCalibrationScale } from '../uq/calibration-scale';
import { isFittedRecalibration, keptRawSigma } from '../uq/recalibration-factor';
import type { Predictions } from '../uq/inputs';
import { QUANTITY_NAMES, type QuantityName, type SetName, type UqReport } from '../../protocol/report';

export interface QuantitySigmaHealth extends SigmaHealth {
  quantity: QuantityName;
  /** the set whose RMS σ and RMSE were compared */
  set: SetName;
  /** why there is no scale (the recalibration's note), where there is none */
  note?: string;
}

export function reportSigmaHealth(r: UqReport): QuantitySigmaHealth[] {
  const out: QuantitySigmaHealth[] = [];
  for (const quantity of QUANTITY_NAMES) {
    const set = (['validation', 'test'] as const).find((s) => r.metrics?.[s]?.[quantity]);
    if (!set) continue;
    const m = r.metrics[set]![quantity]!.raw.metrics;
    const rec = r.recalibration?.[quantity];
    // raw σ kept on held-out folds ("none"): the validation scale was still fitted, and is the diagnostic
    const fitted = isFittedRecalibration(rec) || keptRawSigma(rec);
    const own = fitted || set !== 'validation' ? undefined : ownFit(r, quantity);
    const h = sigmaHealth({ scale: fitted ? rec!.scale : own?.scale, rmsSigma: m.sharpness, rmse: m.rmse });
    const note = own ? `scale fitted for this badge on the ${own.count} validation values${rec?.note ? ` (the report: ${rec.note})` : ''}` : !fitted ? rec?.note : undefined;
    out.push({ ...h, quantity, set, ...(note ? { note } : {}) });
  }
  return out;
}

/** The validation scale of a quantity the report did not recalibrate, from its validation predictions. */
function ownFit(r: UqReport, q: QuantityName): { scale: number; count: number } | undefined {
  const v = r.predictions?.validation;
  let p: Predictions | undefined;
  if (q === 'energy' && v?.structures?.length) p = { yTrue: v.structures.map((x) => x.energyTrue), yPred: v.structures.map((x) => x.energyPred), yStd: v.structures.map((x) => x.energyStd) };
  // Force arrays below 20 values (the only ones the report leaves unfitted) are stored plain, never encoded.
  const f = v?.forces;
  if (q === 'forces' && f && Array.isArray(f.true) && Array.isArray(f.pred) && Array.isArray(f.std)) p = { yTrue: f.true, yPred: f.pred, yStd: f.std };
  if (!p || !p.yTrue.length || p.yPred.length !== p.yTrue.length || p.yStd.length !== p.yTrue.length) return undefined;
  if (!Array.from(p.yStd).some((x) => x > 0)) return undefined; // σ = 0 throughout: nothing to scale
  const fit = fitCalibrationScale(p);
  return fit.note ? undefined : { scale: fit.scale, count: fit.count };
}
