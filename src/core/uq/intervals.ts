/**
 * Width and coverage of the predicted spread: sharpness, the 95 % prediction interval (PICP, MPIW), and
 * mean |e| against σ in σ-quantile bins (the "error vs uncertainty" plot). σ floored at 1e−8 (inputs.ts)
 * except in sharpness, which reports the σ the model gave.
 */
import { flooredSigma, type Vector } from './inputs';
import { normalPpf } from './special-functions';
import { ascendingOrder } from './sorting';
import type { ErrorVsSigmaBin } from '../../protocol/report';

/** Sharpness = √mean σ². */
export function sharpness(yStd: Vector): number {
  let s = 0;
  for (let i = 0; i < yStd.length; i++) s += yStd[i] * yStd[i];
  return Math.sqrt(s / yStd.length);
}

/** z of a central interval holding `level` of the mass: Φ⁻¹((1 + level)/2). */
export function centralZ(level: number): number {
  return normalPpf((1 + level) / 2);
}

/** PICP = share of points with |e| ≤ z·σ, z = Φ⁻¹((1 + level)/2). */
export function picp(yTrue: Vector, yPred: Vector, yStd: Vector, level = 0.95): number {
  const z = centralZ(level);
  const s = flooredSigma(yStd);
  let inside = 0;
  for (let i = 0; i < s.length; i++) if (Math.abs(yPred[i] - yTrue[i]) <= z * s[i]) inside++;
  return inside / s.length;
}

/** MPIW = mean width 2·z·σ of the central interval. */
export function mpiw(yStd: Vector, level = 0.95): number {
  const z = centralZ(level);
  const s = flooredSigma(yStd);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += 2 * z * s[i];
  return sum / s.length;
}

/**
 * Points sorted by σ (ties by index) and cut into `bins` equal-count groups, bin b holding sorted
 * positions ⌊b·n/bins⌋ … ⌊(b+1)·n/bins⌋ − 1; empty bins (n < bins) are left out.
 */
export function binnedErrorVsSigma(yTrue: Vector, yPred: Vector, yStd: Vector, bins = 10): ErrorVsSigmaBin[] {
  const n = yStd.length;
  const order = ascendingOrder(yStd);
  const out: ErrorVsSigmaBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let s1 = 0, s2 = 0, a1 = 0, a2 = 0;
    for (let k = from; k < to; k++) {
      const i = order[k];
      const e = Math.abs(yPred[i] - yTrue[i]);
      s1 += yStd[i]; s2 += yStd[i] * yStd[i]; a1 += e; a2 += e * e;
    }
    const c = to - from;
    out.push({
      count: c, sigmaMin: yStd[order[from]], sigmaMax: yStd[order[to - 1]],
      meanSigma: s1 / c, rmsSigma: Math.sqrt(s2 / c), meanAbsError: a1 / c, rmse: Math.sqrt(a2 / c),
    });
  }
  return out;
}
