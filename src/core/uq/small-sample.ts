/**
 * The one sentence every view (report viewer, HTML report, compare) shows beside the metrics of a set
 * with fewer than 30 structures: with n values a share such as PICP moves in steps of 1/n, the standard
 * error of an RMSE is about RMSE/√(2n) (≥ 13 % below 30), and the bootstrap intervals are wide.
 */

/** Fewest structures of a set whose metrics are shown without the warning. */
export const SMALL_SAMPLE_STRUCTURES = 30;

/** "n = 10: too few test structures for these numbers to mean much", or null for n ≥ 30. */
export function smallSampleWarning(n: number, set: string): string | null {
  if (!(n >= 0) || n >= SMALL_SAMPLE_STRUCTURES) return null;
  return `n = ${n}: too few ${set} structures for these numbers to mean much`;
}
