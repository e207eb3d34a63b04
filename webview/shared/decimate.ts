/**
 * Min/max decimation: beyond `max` points, keep per x-bucket the first, lowest and highest point, so
 * spikes (a diverging epoch) stay visible while the canvas draws a bounded number of points.
 * Only the visible x-range is bucketed, so zooming in shows full detail again.
 */
export interface Pt { x: number; y: number }

export function decimate(points: Pt[], max: number, xmin = -Infinity, xmax = Infinity): Pt[] {
  const visible = xmin === -Infinity && xmax === Infinity ? points : points.filter((p) => p.x >= xmin && p.x <= xmax);
  if (visible.length <= max) return visible;
  const buckets = Math.max(1, Math.floor(max / 3));
  const lo = visible[0].x, hi = visible[visible.length - 1].x;
  const width = (hi - lo) / buckets || 1;
  const out: Pt[] = [];
  let b = -1, first: Pt | undefined, min: Pt | undefined, maxP: Pt | undefined;
  const flush = () => {
    if (!first) return;
    const keep = [first, min!, maxP!].filter((p, i, a) => a.indexOf(p) === i).sort((p, q) => p.x - q.x);
    out.push(...keep);
  };
  for (const p of visible) {
    const k = Math.min(buckets - 1, Math.floor((p.x - lo) / width));
    if (k !== b) { flush(); b = k; first = min = maxP = p; continue; }
    if (!Number.isFinite(p.y)) continue;
    if (p.y < min!.y) min = p;
    if (p.y > maxP!.y) maxP = p;
  }
  flush();
  const last = visible[visible.length - 1];
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** Every k-th point of a scatter (no x order to bucket by), keeping at most `max` points. */
export function stride<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)]);
  return out;
}
