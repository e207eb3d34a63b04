/**
 * Recalibration by one σ scale s, fitted on the validation set and applied to the test set (σ' = s·σ).
 * The Gaussian NLL of s·σ is mean[log s + log σ + e²/(2s²σ²)] + const; its derivative in s,
 * 1/s − mean(e²/σ²)/s³, vanishes at s² = mean(e²/σ²), the unique minimum. So the closed form IS the NLL
 * optimum: no iterative fit is needed. σ floored at 1e−8 (inputs.ts).
 */
import { checkPredictions, flooredSigma, type Predictions } from './inputs';

export interface SigmaScaleFit {
  /** s; 1 when the fit is degenerate (see `note`) */
  scale: number;
  /** points used */
  count: number;
  /** why s was not fitted, when it was not (every validation error is zero: the NLL has no minimum) */
  note?: string;
}

/** s = √mean(e²/σ²) on the given (validation) predictions. */
export function fitSigmaScale(validation: Predictions): SigmaScaleFit {
  checkPredictions(validation);
  const s = flooredSigma(validation.yStd);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += ((validation.yPred[i] - validation.yTrue[i]) / s[i]) ** 2;
  const scale = Math.sqrt(sum / s.length);
  if (!(scale > 0) || !Number.isFinite(scale)) {
    return { scale: 1, count: s.length, note: 'every validation error is zero; σ left unscaled' };
  }
  return { scale, count: s.length };
}

/** σ' = s·σ. */
export function applySigmaScale(yStd: ArrayLike<number>, scale: number): Float64Array {
  const out = new Float64Array(yStd.length);
  for (let i = 0; i < out.length; i++) out[i] = yStd[i] * scale;
  return out;
}
