/**
 * The one entry check for every metric: three equally long, finite vectors with σ ≥ 0. Bad input is a
 * LocatedError naming the vector and the first offending index, so a CLI user sees which value is wrong
 * instead of a NaN in the output.
 */
import { LocatedError, type SourceLocation } from '../errors';

/** Smallest σ any metric uses: σ_eff = max(σ, 1e-8) (methods.md §6), so σ = 0 never divides by zero. */
export const SIGMA_FLOOR = 1e-8;

export type Vector = ArrayLike<number>;

export interface Predictions {
  yTrue: Vector;
  yPred: Vector;
  yStd: Vector;
}

/** Throws a LocatedError unless the vectors are non-empty, equally long, finite, and σ ≥ 0. */
export function checkPredictions(p: Predictions, where: SourceLocation = {}): void {
  const n = p.yTrue.length;
  if (n === 0) throw new LocatedError('no predictions to evaluate', { ...where, field: 'y_true' }, 'at least one value');
  for (const [field, v] of [['y_pred', p.yPred], ['y_std', p.yStd]] as const) {
    if (v.length !== n) {
      throw new LocatedError(`${field} has ${v.length} values but y_true has ${n}`, { ...where, field }, `${n} values`);
    }
  }
  checkFinite(p.yTrue, 'y_true', where);
  checkFinite(p.yPred, 'y_pred', where);
  checkFinite(p.yStd, 'y_std', where);
  for (let i = 0; i < n; i++) {
    if (p.yStd[i] < 0) throw new LocatedError(`y_std[${i}] is negative (${p.yStd[i]})`, { ...where, field: `y_std[${i}]` }, 'σ ≥ 0');
  }
}

function checkFinite(v: Vector, field: string, where: SourceLocation): void {
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
      throw new LocatedError(`${field}[${i}] is ${String(v[i])}`, { ...where, field: `${field}[${i}]` }, 'a finite number');
    }
  }
}

/** σ with the floor applied, as a fresh Float64Array. */
export function flooredSigma(yStd: Vector): Float64Array {
  const s = new Float64Array(yStd.length);
  for (let i = 0; i < s.length; i++) s[i] = Math.max(yStd[i], SIGMA_FLOOR);
  return s;
}

/** Residuals e = ŷ − y (uncertainty-toolbox's sign). */
export function residuals(yTrue: Vector, yPred: Vector): Float64Array {
  const e = new Float64Array(yTrue.length);
  for (let i = 0; i < e.length; i++) e[i] = yPred[i] - yTrue[i];
  return e;
}

/** numpy.linspace(start, stop, num): start + i·step, the last value exactly `stop`. */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = new Array<number>(num);
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  out[num - 1] = stop;
  return out;
}

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}
