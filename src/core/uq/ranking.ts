/**
 * Does a large σ mean a large error? Rank and linear association of |e| with σ, and the overlap of
 * their top quartiles (methods.md §6, "ranking").
 */
import { mean, type Vector } from './inputs';
import { averageRanks, topK } from './sorting';

/**
 * Pearson r = Σ(a−ā)(b−b̄) / √(Σ(a−ā)²·Σ(b−b̄)²); null (undefined) for fewer than two points or a
 * constant vector, never NaN.
 */
export function pearson(a: Vector, b: Vector): number | null {
  const n = a.length;
  if (n < 2) return null;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return null;
  // Clamp: rounding can push |r| a hair over 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** Spearman ρ = Pearson r of the average ranks; null when undefined (see `pearson`). */
export function spearman(a: Vector, b: Vector): number | null {
  return pearson(averageRanks(a), averageRanks(b));
}

export function absoluteErrors(yTrue: Vector, yPred: Vector): Float64Array {
  const a = new Float64Array(yTrue.length);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(yPred[i] - yTrue[i]);
  return a;
}

/**
 * R² of the least-squares line |e| ≈ a + b·σ (the share of the variance of |e| that σ explains
 * linearly), which for one regressor equals r²; null when r is undefined.
 */
export function r2AbsErrorOnSigma(absErr: Vector, sigma: Vector): number | null {
  const r = pearson(sigma, absErr);
  return r === null ? null : r * r;
}

/**
 * Top-quartile overlap in percent: with k = ⌈n/4⌉, 100·|top_k(σ) ∩ top_k(|e|)| / k, ties broken by
 * the earlier index. A random σ scores 25 % on average, a perfect ranking 100 %.
 */
export function topQuartileOverlapPercent(absErr: Vector, sigma: Vector): number {
  const k = Math.ceil(absErr.length / 4);
  const a = topK(sigma, k);
  const b = topK(absErr, k);
  let both = 0;
  for (let i = 0; i < a.length; i++) both += a[i] & b[i];
  return (100 * both) / k;
}
