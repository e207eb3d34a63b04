/**
 * Axis tick labels people can read: three significant digits, trailing zeros dropped, and a short
 * exponent outside [1e-3, 1e5). Chart.js's defaults print a log axis's 0.003 as
 * "0.0029999999999999999900" and a small linear step as "5.200000E-5".
 */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  const [mant, exp] = v.toExponential(2).split('e');
  return `${String(Number(mant))}e${Number(exp)}`;
}
