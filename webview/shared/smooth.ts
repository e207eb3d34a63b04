/**
 * Exponential moving average with debiasing (as TensorBoard's smoothing slider): weight 0 leaves
 * the curve as is; the first points are not pulled towards zero.
 */
import type { Pt } from './decimate';

export function smooth(points: Pt[], weight: number): Pt[] {
  if (weight <= 0 || points.length < 2) return points;
  const w = Math.min(weight, 0.999);
  let last = 0, n = 0;
  return points.map((p) => {
    if (!Number.isFinite(p.y)) return p;
    last = last * w + (1 - w) * p.y;
    n++;
    return { x: p.x, y: last / (1 - Math.pow(w, n)) };
  });
}
