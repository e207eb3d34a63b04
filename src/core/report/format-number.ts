/**
 * Metric values as every table shows them (CLI, compare, paper table, HTML report): 4 significant
 * digits, exponent form outside [1e−3, 1e5), integers (counts) as they are; null (undefined for the
 * data) and a missing value as "—".
 */
export function formatMetric(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e7) return String(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
}

/** A value with its interval, "0.0121 [0.0110, 0.0133]", each part by `format`; the value alone without one. */
export function withInterval(value: number, interval: readonly [number, number] | undefined, format: (x: number) => string = formatMetric): string {
  return interval ? `${format(value)} [${format(interval[0])}, ${format(interval[1])}]` : format(value);
}
