/**
 * Accuracy of the mean prediction, as uncertainty-toolbox's `prediction_error_metrics` (sklearn
 * conventions) plus the maximum error. e = ŷ − y.
 */
import type { UqMetricSet } from '../../protocol/report';
import { mean, type Vector } from './inputs';
import { pearson } from './ranking';

/** The accuracy part of the report's metric set (formulas documented there). */
export type AccuracyMetrics = Pick<UqMetricSet, 'mae' | 'rmse' | 'maxError' | 'mdae' | 'marpd' | 'r2' | 'corr'>;

export function mae(yTrue: Vector, yPred: Vector): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yPred[i] - yTrue[i]);
  return s / yTrue.length;
}

export function rmse(yTrue: Vector, yPred: Vector): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yPred[i] - yTrue[i]) ** 2;
  return Math.sqrt(s / yTrue.length);
}

export function maxError(yTrue: Vector, yPred: Vector): number {
  let m = 0;
  for (let i = 0; i < yTrue.length; i++) m = Math.max(m, Math.abs(yPred[i] - yTrue[i]));
  return m;
}

export function median(v: ArrayLike<number>): number {
  const s = Float64Array.from(v).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export function mdae(yTrue: Vector, yPred: Vector): number {
  const a = new Float64Array(yTrue.length);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(yPred[i] - yTrue[i]);
  return median(a);
}

export function marpd(yTrue: Vector, yPred: Vector): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const den = Math.abs(yPred[i]) + Math.abs(yTrue[i]);
    if (den > 0) s += Math.abs((2 * (yTrue[i] - yPred[i])) / den);
  }
  return (s / yTrue.length) * 100;
}

export function r2Score(yTrue: Vector, yPred: Vector): number | null {
  if (yTrue.length < 2) return null;
  const m = mean(yTrue);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - m) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export function accuracyMetrics(yTrue: Vector, yPred: Vector): AccuracyMetrics {
  return {
    mae: mae(yTrue, yPred),
    rmse: rmse(yTrue, yPred),
    maxError: maxError(yTrue, yPred),
    mdae: mdae(yTrue, yPred),
    marpd: marpd(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
    corr: pearson(yTrue, yPred),
  };
}
