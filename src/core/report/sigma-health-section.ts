/**
 * The σ health of each quantity of a report (src/core/uq/sigma-health.ts), as the viewer's badge and the
 * HTML report show it: the validation-fitted scale of the report's recalibration (forces: the pooled fit)
 * where one was fitted, and RMS σ against RMSE of the raw validation metrics (the test set's where the
 * report has no validation set) for the collapse check.
 */
import { sigmaHealth, type SigmaHealth } from '../uq/sigma-health';
import { isFittedRecalibration } from '../uq/recalibration-factor';
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
    const fitted = isFittedRecalibration(rec);
    const h = sigmaHealth({ scale: fitted ? rec!.scale : undefined, rmsSigma: m.sharpness, rmse: m.rmse });
    out.push({ ...h, quantity, set, ...(!fitted && rec?.note ? { note: rec.note } : {}) });
  }
  return out;
}
