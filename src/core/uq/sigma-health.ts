/**
 * σ health in one word, for the badge on the dashboard and the report: how the validation-fitted scale s
 * (σ' = s·σ calibrates σ on validation, calibration-scale.ts) and the size of σ against the error classify
 * the model's raw σ. The bounds of over- and under-confidence are miscalibration-warning.ts's [0.5, 2], so
 * the badge and the warning sentence never disagree; collapse is the extreme of over-confidence, where σ
 * carries next to no information:
 *   collapsed        s > 10, or RMS σ < 1 % of the RMSE (caught even where no scale was fitted);
 *   over-confident   2 < s ≤ 10 (σ too small);
 *   under-confident  s < 0.5 (σ too large);
 *   healthy          0.5 ≤ s ≤ 2;
 *   unknown          no scale and no sign of collapse.
 */
import { factor, SCALE_WARNING_BOUNDS } from './miscalibration-warning';

export type SigmaHealthState = 'collapsed' | 'over-confident' | 'under-confident' | 'healthy' | 'unknown';

/** Beyond these σ is called collapsed: s above `scale`, or RMS σ below `sigmaShare` of the RMSE. */
export const SIGMA_COLLAPSE = { scale: 10, sigmaShare: 0.01 } as const;

export interface SigmaHealthInput {
  /** the validation-fitted scale s (σ' = s·σ); absent where none was fitted */
  scale?: number;
  /** √mean σ² (the sharpness) and the RMSE of the same values, for the collapse check */
  rmsSigma?: number;
  rmse?: number;
}

export interface SigmaHealth {
  state: SigmaHealthState;
  scale?: number;
  /** "σ collapsed", "σ over-confident", …: the badge's words */
  label: string;
  /** one plain sentence: what the numbers say */
  detail: string;
}

const LABELS: Record<SigmaHealthState, string> = {
  collapsed: 'σ collapsed', 'over-confident': 'σ over-confident', 'under-confident': 'σ under-confident', healthy: 'σ healthy', unknown: 'σ health unknown',
};

/** The classification of the file comment. */
export function sigmaHealth({ scale, rmsSigma, rmse }: SigmaHealthInput): SigmaHealth {
  const s = scale !== undefined && scale > 0 && Number.isFinite(scale) ? scale : undefined;
  const tiny = rmsSigma !== undefined && rmse !== undefined && rmse > 0 && rmsSigma < SIGMA_COLLAPSE.sigmaShare * rmse;
  const state: SigmaHealthState = (s !== undefined && s > SIGMA_COLLAPSE.scale) || tiny ? 'collapsed'
    : s === undefined ? 'unknown'
      : s > SCALE_WARNING_BOUNDS.high ? 'over-confident'
        : s < SCALE_WARNING_BOUNDS.low ? 'under-confident' : 'healthy';
  const share = tiny ? `RMS σ is ${((100 * rmsSigma!) / rmse!).toPrecision(2)} % of the RMSE` : '';
  const scaled = s === undefined ? '' : s > 1 ? `σ is ${factor(s)} too small on validation` : s < 1 ? `σ is ${factor(1 / s)} too large on validation` : 'σ is calibrated on validation';
  const detail = state === 'unknown' ? 'no validation-fitted σ scale'
    : state === 'healthy' ? `${scaled} (within ×${SCALE_WARNING_BOUNDS.low}–${SCALE_WARNING_BOUNDS.high})`
      : [scaled, share].filter(Boolean).join('; ');
  return { state, ...(s !== undefined ? { scale: s } : {}), label: LABELS[state], detail };
}
