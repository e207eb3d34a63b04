/**
 * The spread of an ensemble's members per epoch: the smallest, the mean and the largest of their
 * values, drawn as a filled band with its mean line instead of one curve per member.
 */
import type { Pt } from '../shared/decimate';

export interface Band { min: Pt[]; mean: Pt[]; max: Pt[] }

/** Per x (epoch) over the members that have a finite value there; x in increasing order. */
export function memberBand(members: Pt[][]): Band {
  const at = new Map<number, { lo: number; hi: number; sum: number; n: number }>();
  for (const series of members) {
    for (const p of series) {
      if (!Number.isFinite(p.y)) continue;
      const a = at.get(p.x);
      if (!a) at.set(p.x, { lo: p.y, hi: p.y, sum: p.y, n: 1 });
      else { a.lo = Math.min(a.lo, p.y); a.hi = Math.max(a.hi, p.y); a.sum += p.y; a.n++; }
    }
  }
  const xs = [...at.keys()].sort((a, b) => a - b);
  return {
    min: xs.map((x) => ({ x, y: at.get(x)!.lo })),
    mean: xs.map((x) => ({ x, y: at.get(x)!.sum / at.get(x)!.n })),
    max: xs.map((x) => ({ x, y: at.get(x)!.hi })),
  };
}
