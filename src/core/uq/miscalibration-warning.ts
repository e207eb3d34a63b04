/**
 * The one sentence the dashboard, the report (viewer and HTML) and the CLI show when σ was badly
 * miscalibrated on validation: the validation-fitted scale s outside [0.5, 2] means σ was 1/s too
 * large or s too small, e.g. "Energy σ is 15× too small on validation; recalibrated σ shown." Where the
 * held-out folds kept raw σ (method "none") the sentence says raw σ is shown, and why.
 */
import type { QuantityName, Recalibration } from '../../protocol/report';

/** σ is called miscalibrated when the validation-fitted scale lies outside [1/2, 2]. */
export const SCALE_WARNING_BOUNDS = { low: 0.5, high: 2 } as const;

/** "15×", "2.4×", "1e+3×": two significant figures below 100, whole numbers up to 10⁴. */
export function factor(x: number): string {
  if (!Number.isFinite(x)) return 'infinitely';
  if (x >= 1e4) return `${x.toExponential(0).replace('e+', 'e')}×`;
  if (x >= 100) return `${Math.round(x)}×`;
  return `${Number(x.toPrecision(2))}×`;
}

export interface ScaleWarningInput {
  /** "energy", "forces", or a label such as "force (O)" */
  quantity: string;
  /** the validation-fitted scale: σ' = scale·σ */
  scale: number;
  /**
   * what the reader is shown: default "recalibrated σ shown"; "kept-raw": raw σ, because the run's
   * held-out validation folds found it better calibrated than either fit (method "none")
   */
  shown?: 'recalibrated' | 'raw' | 'kept-raw';
}

/** The sentence, or null when the scale lies within [0.5, 2] (or is not a positive number). */
export function miscalibrationWarning({ quantity, scale, shown = 'recalibrated' }: ScaleWarningInput): string | null {
  if (!(scale > 0) || (scale >= SCALE_WARNING_BOUNDS.low && scale <= SCALE_WARNING_BOUNDS.high)) return null;
  const what = scale > 1 ? `${factor(scale)} too small` : `${factor(1 / scale)} too large`;
  const tail = shown === 'recalibrated' ? 'recalibrated σ shown'
    : shown === 'kept-raw' ? 'raw σ shown all the same: on held-out validation folds it was better calibrated than either fit'
      : 'raw σ shown: do not read it as a calibrated uncertainty';
  const q = quantity.charAt(0).toUpperCase() + quantity.slice(1);
  return `${q} σ is ${what} on validation; ${tail}.`;
}

/**
 * Every warning a report's recalibration calls for: energy by its scale; forces by each element's own scale
 * (what is applied), or the pooled one when no element has its own fit.
 */
export function recalibrationWarnings(recalibration: Partial<Record<QuantityName, Recalibration>> | undefined, shown: 'recalibrated' | 'raw' = 'recalibrated'): string[] {
  const out: string[] = [];
  // "recalibrated" σ of a quantity whose folds kept raw σ is raw σ: never claim otherwise
  const as = (rec: Recalibration) => (shown === 'recalibrated' && rec.method === 'none' ? 'kept-raw' : shown);
  const e = recalibration?.energy;
  if (e) out.push(miscalibrationWarning({ quantity: 'energy', scale: e.scale, shown: as(e) }) ?? '');
  const f = recalibration?.forces;
  if (f) {
    const per = f.perElement ? Object.entries(f.perElement).filter(([, g]) => !g.note) : [];
    if (per.length) for (const [el, g] of per) out.push(miscalibrationWarning({ quantity: `force (${el})`, scale: g.scale, shown: as(f) }) ?? '');
    else out.push(miscalibrationWarning({ quantity: 'force', scale: f.scale, shown: as(f) }) ?? '');
  }
  return out.filter(Boolean);
}
