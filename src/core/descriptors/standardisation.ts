/**
 * Per-element standardisation of descriptors: G̃ = (G − mean)·scale with scale = 1/std (population
 * variance), 0 where std is 0, statistics taken over a given set of structures (the training split).
 * aenet stores the same statistics as avg and cov = mean of G²; std = √(cov − avg²).
 */
import type { Standardisation, StructureDescriptors } from './types';

interface Running { count: number; pivot: Float64Array; sum: Float64Array; sumSq: Float64Array }

/** Accumulates statistics structure by structure, so the descriptors of a large set need not be kept. */
export class StandardisationAccumulator {
  private acc = new Map<string, Running>();

  add(species: readonly string[], d: StructureDescriptors): void {
    for (let i = 0; i < d.n; i++) {
      const D = d.dims[i], o = d.offsets[i];
      let r = this.acc.get(species[i]);
      if (!r) {
        // Sums are taken around the first value seen, which keeps the variance free of cancellation.
        r = { count: 0, pivot: d.values.slice(o, o + D), sum: new Float64Array(D), sumSq: new Float64Array(D) };
        this.acc.set(species[i], r);
      }
      if (r.pivot.length !== D) throw new Error(`element ${species[i]} has descriptors of length ${r.pivot.length} and ${D}`);
      r.count++;
      for (let n = 0; n < D; n++) {
        const x = d.values[o + n] - r.pivot[n];
        r.sum[n] += x; r.sumSq[n] += x * x;
      }
    }
  }

  result(): Map<string, Standardisation & { count: number; std: Float64Array }> {
    const out = new Map<string, Standardisation & { count: number; std: Float64Array }>();
    for (const [element, r] of this.acc) {
      const D = r.pivot.length;
      const mean = new Float64Array(D), std = new Float64Array(D), scale = new Float64Array(D);
      for (let n = 0; n < D; n++) {
        const m = r.sum[n] / r.count;
        mean[n] = r.pivot[n] + m;
        std[n] = Math.sqrt(Math.max(0, r.sumSq[n] / r.count - m * m));
        scale[n] = std[n] > 0 ? 1 / std[n] : 0;
      }
      out.set(element, { element, mean, scale, std, count: r.count });
    }
    return out;
  }
}

/** Statistics per element over the given structures' descriptors. */
export function computeStandardisation(items: Iterable<{ species: readonly string[]; descriptors: StructureDescriptors }>): Map<string, Standardisation> {
  const acc = new StandardisationAccumulator();
  for (const it of items) acc.add(it.species, it.descriptors);
  return acc.result();
}

/** A standardised copy: values (G − mean)·scale, Jacobian blocks scaled by scale. */
export function standardise(d: StructureDescriptors, species: readonly string[], stats: Map<string, Standardisation>): StructureDescriptors {
  const values = new Float64Array(d.values.length);
  const J = d.jacobian;
  const jv = J ? new Float64Array(J.values.length) : null;
  for (let i = 0; i < d.n; i++) {
    const st = stats.get(species[i]);
    const D = d.dims[i], o = d.offsets[i];
    if (!st || st.mean.length !== D) throw new Error(`no standardisation of length ${D} for element ${species[i]}`);
    for (let n = 0; n < D; n++) values[o + n] = (d.values[o + n] - st.mean[n]) * st.scale[n];
    if (J && jv) {
      for (let p = J.pairStart[i]; p < J.pairStart[i + 1]; p++) {
        const b = J.blockStart[p];
        for (let c = 0; c < 3; c++) for (let n = 0; n < D; n++) jv[b + c * D + n] = J.values[b + c * D + n] * st.scale[n];
      }
    }
  }
  return { ...d, values, jacobian: J && jv ? { ...J, values: jv } : undefined };
}
