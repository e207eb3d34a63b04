/**
 * Axis tick labels people can read: three significant digits, trailing zeros dropped, and a short
 * exponent outside [1e-3, 1e5). Chart.js's defaults print a log axis's 0.003 as
 * "0.0029999999999999999900" and a small linear step as "5.200000E-5".
 */
export function formatTick(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits)));
  return exponent(v, digits);
}

/** 5.2e-5, 1e-3, -2.5e5: the mantissa to `digits` significant digits, no '+' and no padding. */
function exponent(v: number, digits: number): string {
  if (v === 0) return '0';
  const [mant, exp] = v.toExponential(digits - 1).split('e');
  return `${String(Number(mant))}e${Number(exp)}`;
}

/**
 * The labels of one axis in one style: once a tick needs an exponent (|v| < 1e-3 or ≥ 1e5) every tick
 * gets one, so "5e-4" never stands beside "0.001". Three significant digits, more only where three
 * would give two ticks the same label (a deep zoom).
 */
export function formatAxisTicks(values: number[]): string[] {
  const shown = values.filter((v) => Number.isFinite(v) && v !== 0);
  const exp = shown.some((v) => Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5);
  let labels: string[] = [];
  for (let digits = 3; digits <= 6; digits++) {
    labels = values.map((v) => (!Number.isFinite(v) ? '' : exp ? exponent(v, digits) : formatTick(v, digits)));
    if (new Set(labels).size === labels.length) break;
  }
  return labels;
}
