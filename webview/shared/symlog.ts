/**
 * A symmetric log axis for signed series (the BNN's data term turns negative once the likelihood beats
 * 1): y′ = sign(y)·log10(1 + |y|/c), linear within ±c and logarithmic beyond, drawn on a linear axis.
 * Chart.js has no such scale, so the points are transformed and the ticks placed at transformed round
 * values (0, ±c·10^k) and labelled with the values they stand for.
 */
export interface Symlog { c: number; forward(y: number): number; inverse(t: number): number }

export function symlog(c: number): Symlog {
  return {
    c,
    forward: (y) => Math.sign(y) * Math.log10(1 + Math.abs(y) / c),
    inverse: (t) => Math.sign(t) * c * (10 ** Math.abs(t) - 1),
  };
}

/**
 * The linear threshold for a set of values: the decade of the smallest non-zero magnitude, but at
 * most six decades below the largest, so a value that nearly touches zero does not flatten the rest.
 */
export function symlogThreshold(values: number[]): number {
  let lo = Infinity, hi = 0;
  for (const v of values) {
    const a = Math.abs(v);
    if (!Number.isFinite(a) || a === 0) continue;
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  if (hi === 0) return 1;
  return 10 ** Math.floor(Math.log10(Math.max(lo, hi * 1e-6)));
}

/** The values (not transformed) to tick on a symlog axis spanning [min, max] in value space: 0 and ±c·10^k. */
export function symlogTickValues(s: Symlog, min: number, max: number): number[] {
  const out: number[] = [];
  if (min <= 0 && max >= 0) out.push(0);
  const top = Math.max(Math.abs(min), Math.abs(max));
  for (let v = s.c; v <= top * 1.0001; v *= 10) {
    if (v <= max * 1.0001) out.push(v);
    if (-v >= min * 1.0001) out.push(-v);
  }
  return out.sort((a, b) => a - b);
}
